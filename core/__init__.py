"""Cross-cutting plumbing: settings, Temporal client, logging, telemetry, crypto."""
