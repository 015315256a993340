"""Accounts and tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from schemas.enums import Role


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 (OAuth2 token type)
    expires_in: int


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: EmailStr
    full_name: str
    role: Role
    created_at: datetime
    time_zone: str = Field("UTC", description="IANA zone: learning days and streaks count in it")
    reminders_opt_out: bool = False


class ProfileIn(BaseModel):
    """The caller's own settings; the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    time_zone: str | None = Field(
        None, min_length=1, max_length=64, description="IANA name, e.g. America/New_York"
    )
    reminders_opt_out: bool | None = None


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=320)
    password: str = Field(min_length=10, max_length=128)
    full_name: str = Field(min_length=1, max_length=200)


class UserCreateIn(RegisterIn):
    role: Role = Role.student
