"""infra/ stays deployable without a Docker engine: the compose file and the Kubernetes
manifests parse, name every service, health check and volume, and agree with
core/settings.py. The Dockerfile has its own test file (test_dockerfile.py)."""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from core.codec import codec_keyring
from core.settings import Settings
from core.temporal import DEV_SERVER_DYNAMIC_CONFIG

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"
COMPOSE = INFRA / "docker-compose.yml"
ENV_EXAMPLE = INFRA / "compose.env.example"
K8S = INFRA / "k8s"
PLACEHOLDER = "CHANGE-ME"

OUR_SERVICES = {"migrate", "api", "worker-general", "worker-llm"}
ONE_SHOTS = {"migrate", "minio-setup"}
EXPECTED_SERVICES = OUR_SERVICES | {
    "postgresql", "temporal", "temporal-ui", "minio", "minio-setup", "mailpit",
}  # fmt: skip
# What a production process cannot run without (names of Settings fields).
PRODUCTION_REQUIRED = {
    "environment", "database_url", "temporal_address", "temporal_namespace", "storage_backend",
    "s3_bucket", "s3_endpoint_url", "codec_keys", "codec_active_key_id", "jwt_secret",
}  # fmt: skip
SETTINGS_ENV = {f"COURSEFLOW_{name.upper()}" for name in Settings.model_fields}
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?::?[-?](?P<default>[^}]*))?\}")


# --- helpers ---------------------------------------------------------------------------------
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def services() -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = compose()["services"]
    return result


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def interpolate(value: str, env: dict[str, str]) -> str:
    """What `docker compose` does with ${VAR}, ${VAR:-default} and ${VAR:?error}."""

    def resolve(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in env:
            return env[name]
        if match.group(0).startswith(f"${{{name}:?"):
            raise AssertionError(f"{name} is required but missing from {ENV_EXAMPLE.name}")
        return match.group("default") or ""

    return INTERPOLATION.sub(resolve, value).replace("$$", "$")


def service_env(name: str) -> dict[str, str]:
    raw = services()[name].get("environment", {})
    assert isinstance(raw, dict), f"{name}: environment must be a mapping"
    return {key: interpolate(str(value), env_example()) for key, value in raw.items()}


def fill_placeholders(env: dict[str, str]) -> dict[str, str]:
    """What an operator does with the templates: every CHANGE-ME becomes a real secret."""
    filled = dict(env)
    keys = json.loads(filled.get("COURSEFLOW_CODEC_KEYS", "{}"))
    fresh = {key_id: base64.b64encode(os.urandom(32)).decode() for key_id in keys}
    if fresh:
        filled["COURSEFLOW_CODEC_KEYS"] = json.dumps(fresh)
    for key, value in filled.items():
        filled[key] = value.replace(PLACEHOLDER, secrets.token_urlsafe(24))
    return filled


def settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    env = fill_placeholders(env)
    for key in [k for k in SETTINGS_ENV]:
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return Settings(_env_file=None)  # type: ignore[call-arg]


def manifests() -> list[dict[str, Any]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    return docs


def kind(name: str) -> list[dict[str, Any]]:
    return [doc for doc in manifests() if doc["kind"] == name]


def k8s_env(container: dict[str, Any]) -> dict[str, str]:
    """The container's environment as the kubelet builds it from envFrom and env."""
    config = {d["metadata"]["name"]: d["data"] for d in kind("ConfigMap")}
    secrets = {d["metadata"]["name"]: d["stringData"] for d in kind("Secret")}
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config[source["configMapRef"]["name"]])
        if "secretRef" in source:
            env.update(secrets[source["secretRef"]["name"]])
    env.update({item["name"]: str(item["value"]) for item in container.get("env", [])})
    return env


def containers() -> dict[str, dict[str, Any]]:
    found = {}
    for doc in kind("Deployment") + kind("Job"):
        for container in doc["spec"]["template"]["spec"]["containers"]:
            found[doc["metadata"]["name"]] = container
    return found


# --- compose ---------------------------------------------------------------------------------
def test_compose_names_every_service() -> None:
    assert set(services()) == EXPECTED_SERVICES


def test_long_running_services_have_health_checks_and_one_shots_do_not_restart() -> None:
    for name, service in services().items():
        if name in ONE_SHOTS:
            assert service.get("restart") == "no", name
        else:
            assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_named_volumes_are_declared_and_used() -> None:
    declared = set(compose()["volumes"])
    used = set()
    for service in services().values():
        for mount in service.get("volumes", []):
            source = str(mount).split(":", 1)[0]
            if not source.startswith((".", "/")):
                used.add(source)
    assert used == declared == {"postgres-data", "minio-data"}


def test_dependencies_exist_and_our_processes_wait_for_migrations() -> None:
    for name, service in services().items():
        assert set(service.get("depends_on", {})) <= set(services()), name
    for name in OUR_SERVICES - {"migrate"}:
        depends = services()[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["temporal"]["condition"] == "service_healthy", name


def test_one_image_runs_the_api_both_workers_and_the_migration() -> None:
    images = {(services()[n]["image"], services()[n]["build"]["dockerfile"]) for n in OUR_SERVICES}
    assert images == {("courseflow:latest", "infra/Dockerfile")}
    assert services()["worker-general"]["command"] == ["worker", "--queue", "general"]
    assert services()["worker-llm"]["command"] == ["worker", "--queue", "llm"]
    assert services()["migrate"]["command"] == ["migrate"]
    assert services()["api"]["command"][0] == "api"


def test_temporal_runs_on_postgresql_and_the_ui_decodes_through_the_api() -> None:
    temporal = service_env("temporal")
    assert temporal["DB"].startswith("postgres")
    assert temporal["POSTGRES_SEEDS"] == "postgresql"
    ui = service_env("temporal-ui")
    assert ui["TEMPORAL_ADDRESS"] == "temporal:7233"
    assert ui["TEMPORAL_CODEC_ENDPOINT"].endswith("/api/v1/codec")
    api_origin = service_env("api")["COURSEFLOW_PUBLIC_BASE_URL"]
    assert ui["TEMPORAL_CODEC_ENDPOINT"].startswith(api_origin)
    ui_origin = f"http://localhost:{ui['TEMPORAL_UI_PORT']}"
    assert ui_origin in service_env("api")["COURSEFLOW_CODEC_CORS_ORIGINS"]
    # The UI sends the admin's codec sign-in cookie: no browser-side setting needed.
    assert ui["TEMPORAL_CODEC_INCLUDE_CREDENTIALS"] == "true"


def test_the_compose_temporal_serves_the_model_queue_by_priority_and_fairness() -> None:
    """Fairness needs a 1.29+ server and its dynamic config (the dev server gets the same
    keys from core.temporal); the file the server reads is the one mounted."""
    temporal = services()["temporal"]
    version = temporal["image"].rsplit(":", 1)[1]
    assert tuple(int(p) for p in version.split(".")[:2]) >= (1, 29), version
    path = service_env("temporal")["DYNAMIC_CONFIG_FILE_PATH"]
    (mount,) = [m for m in temporal["volumes"] if str(m).split(":")[1] == path]
    config = yaml.safe_load((INFRA / str(mount).split(":")[0]).read_text())
    for setting in DEV_SERVER_DYNAMIC_CONFIG:
        key, value = setting.split("=")
        (entry,) = config[key]
        assert str(entry["value"]).lower() == value, key
        if key.startswith("matching.numTaskqueue"):  # for the model queue
            assert entry["constraints"] == {"taskQueueName": "courseflow-llm"}
    assert Settings(environment="test").llm_task_queue == "courseflow-llm"


def test_the_bucket_our_processes_use_is_the_one_created_in_minio() -> None:
    bucket = service_env("api")["COURSEFLOW_S3_BUCKET"]
    assert f"local/{bucket}" in " ".join(services()["minio-setup"]["command"])


@pytest.mark.parametrize("name", sorted(OUR_SERVICES))
def test_compose_settings_are_real_fields_and_validate_for_production(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = service_env(name)
    ours = {key for key in env if key.startswith("COURSEFLOW_")}
    assert ours <= SETTINGS_ENV, f"not Settings fields: {sorted(ours - SETTINGS_ENV)}"
    missing = {f"COURSEFLOW_{f.upper()}" for f in PRODUCTION_REQUIRED} - ours
    assert not missing, f"{name} lacks {sorted(missing)}"
    settings = settings_from(env, monkeypatch)
    assert settings.environment == "production"
    assert codec_keyring(settings).active_key_id == settings.codec_active_key_id


def test_the_model_worker_sets_its_slots_and_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(service_env("worker-llm"), monkeypatch)
    assert settings.llm_rate_limit_per_s is not None
    assert settings.max_parallel_llm_calls >= 1
    assert settings.worker_metrics_port is not None


def test_templates_commit_no_real_secret() -> None:
    """Codec keys, passwords and the JWT secret in the templates are placeholders, so a
    stack started from them unchanged fails loudly instead of running on a public key."""
    example = env_example()
    secret = next(d for d in kind("Secret"))["stringData"]
    for template in (example, secret):
        for key, value in template.items():
            if any(
                word in key
                for word in (
                    "CODEC_KEYS", "PASSWORD", "JWT_SECRET", "SECRET_ACCESS", "METRICS_TOKEN",
                )
            ):  # fmt: skip
                assert PLACEHOLDER in value, f"{key} holds a real value in a template"


def test_interpolation_helper_rejects_missing_required_values() -> None:
    with pytest.raises(AssertionError, match="NOPE"):
        interpolate("${NOPE:?required}", {})
    assert interpolate("${X:-d}", {}) == "d"
    with pytest.raises(ValidationError):
        Settings(_env_file=None, database_url="mysql://x/y")  # type: ignore[call-arg]


# --- Kubernetes ------------------------------------------------------------------------------
def test_kustomization_lists_every_manifest() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


def test_deployments_have_readiness_probes_requests_and_run_as_non_root() -> None:
    deployments = {d["metadata"]["name"]: d for d in kind("Deployment")}
    assert set(deployments) == {
        "courseflow-api", "courseflow-worker-general", "courseflow-worker-llm",
    }  # fmt: skip
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        (container,) = pod["containers"]
        assert container["readinessProbe"]["httpGet"]["path"], name
        assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
    api = deployments["courseflow-api"]["spec"]["template"]["spec"]["containers"][0]
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_worker_probes_ask_whether_the_worker_polls() -> None:
    for name in ("courseflow-worker-general", "courseflow-worker-llm"):
        container = containers()[name]
        health_port = int(k8s_env(container)["COURSEFLOW_WORKER_HEALTH_PORT"])
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports["health"] == health_port, name
        assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "health"}
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
    for name in ("worker-general", "worker-llm"):
        env = service_env(name)
        test = " ".join(services()[name]["healthcheck"]["test"])
        assert f"127.0.0.1:{env['COURSEFLOW_WORKER_HEALTH_PORT']}/readyz" in test, name


def test_every_deployment_has_a_disruption_budget() -> None:
    budgets = kind("PodDisruptionBudget")
    selected = [b["spec"]["selector"]["matchLabels"] for b in budgets]
    for deployment in kind("Deployment"):
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        matching = [s for s in selected if s.items() <= labels.items()]
        assert len(matching) == 1, deployment["metadata"]["name"]
    for budget in budgets:
        spec = budget["spec"]
        assert ("minAvailable" in spec) != ("maxUnavailable" in spec), budget["metadata"]["name"]


def test_the_ingress_routes_the_api_and_nothing_internal() -> None:
    (ingress,) = kind("Ingress")
    (service,) = kind("Service")
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    routed = {p["path"] for p in paths}
    assert routed == {"/api", "/docs", "/openapi.json", "/redoc"}
    assert not any(p.startswith(("/metrics", "/healthz", "/readyz")) for p in routed)
    service_ports = {p["name"] for p in service["spec"]["ports"]}
    for path in paths:
        backend = path["backend"]["service"]
        assert backend["name"] == service["metadata"]["name"]
        assert backend["port"]["name"] in service_ports
    assert ingress["spec"]["tls"], "the public entry is https"


def test_api_metrics_need_the_scrape_token_in_kubernetes(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(k8s_env(containers()["courseflow-api"]), monkeypatch)
    assert settings.metrics_token is not None
    assert [str(n) for n in settings.metrics_allowed_networks] == ["127.0.0.0/8"]
    compose_api = settings_from(service_env("api"), monkeypatch)
    assert compose_api.metrics_token is not None


def test_the_optional_keda_scaler_watches_the_model_queue() -> None:
    (scaled,) = [
        d for d in yaml.safe_load_all((K8S / "optional" / "keda-worker-llm.yaml").read_text()) if d
    ]
    assert scaled["kind"] == "ScaledObject" and scaled["apiVersion"] == "keda.sh/v1alpha1"
    assert scaled["spec"]["scaleTargetRef"]["name"] == "courseflow-worker-llm"
    assert "courseflow-worker-llm" in {d["metadata"]["name"] for d in kind("Deployment")}
    (trigger,) = scaled["spec"]["triggers"]
    config = next(d for d in kind("ConfigMap"))["data"]
    assert trigger["type"] == "temporal"
    meta = trigger["metadata"]
    assert meta["endpoint"] == config["COURSEFLOW_TEMPORAL_ADDRESS"]
    assert meta["namespace"] == config["COURSEFLOW_TEMPORAL_NAMESPACE"]
    assert meta["taskQueue"] == config["COURSEFLOW_LLM_TASK_QUEUE"]
    assert meta["queueTypes"] == "activity"
    assert int(meta["targetQueueSize"]) >= 1
    assert 1 <= scaled["spec"]["minReplicaCount"] <= scaled["spec"]["maxReplicaCount"]


# --- schema validation (offline: the schemas ship inside the installed packages) ------------
def _k8s_resources() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue  # kustomize's own file, not a resource
        found.extend((path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc)
    return found


def test_manifests_validate_against_the_kubernetes_schemas() -> None:
    import kubernetes_validate

    version = kubernetes_validate.latest_version()
    resources = _k8s_resources()
    assert {doc["kind"] for _, doc in resources} >= {
        "Deployment", "Service", "Ingress", "PodDisruptionBudget", "ConfigMap", "Secret",
        "Job", "Namespace",
    }  # fmt: skip
    for name, doc in resources:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            raise AssertionError(f"{name} {doc['kind']}: {exc.message}") from None


def test_the_kubernetes_validator_catches_a_broken_manifest() -> None:
    import kubernetes_validate

    (ingress,) = kind("Ingress")
    ingress["spec"]["rules"][0]["http"]["paths"][0]["pathType"] = 7
    ingress["spec"]["tlss"] = []
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(ingress, kubernetes_validate.latest_version(), strict=True)


CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _compose_spec_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def test_the_compose_file_validates_against_the_compose_spec() -> None:
    result = _compose_spec_check(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_spec_check_catches_a_broken_file(tmp_path: Path) -> None:
    broken = compose()
    broken["services"]["api"]["healthcheck"]["retries"] = "many"
    broken["services"]["api"]["restart_policy"] = "always"
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(broken))
    result = _compose_spec_check(path)
    assert result.returncode != 0
    assert "restart_policy" in result.stdout + result.stderr


def test_workers_poll_one_queue_each_and_outlive_their_graceful_shutdown() -> None:
    for queue in ("general", "llm"):
        deployment = next(
            d for d in kind("Deployment") if d["metadata"]["name"] == f"courseflow-worker-{queue}"
        )
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["args"] == ["worker", "--queue", queue]
        graceful = float(k8s_env(container)["COURSEFLOW_WORKER_GRACEFUL_SHUTDOWN_S"])
        assert pod["terminationGracePeriodSeconds"] > graceful


def test_a_migration_job_runs_the_same_image() -> None:
    (job,) = kind("Job")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["migrate"]
    assert {c["image"] for c in containers().values()} == {"courseflow"}


@pytest.mark.parametrize(
    "name",
    ["courseflow-api", "courseflow-worker-general", "courseflow-worker-llm", "courseflow-migrate"],
)
def test_k8s_settings_are_real_fields_and_validate_for_production(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = k8s_env(containers()[name])
    ours = {key for key in env if key.startswith("COURSEFLOW_")}
    assert ours <= SETTINGS_ENV, f"not Settings fields: {sorted(ours - SETTINGS_ENV)}"
    missing = {f"COURSEFLOW_{f.upper()}" for f in PRODUCTION_REQUIRED} - ours
    assert not missing, f"{name} lacks {sorted(missing)}"
    settings = settings_from(env, monkeypatch)
    assert settings.environment == "production"
    assert codec_keyring(settings).active_key_id == settings.codec_active_key_id
