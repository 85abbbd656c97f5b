"""Log a trial's parameters and metrics to MLflow, with or without the `mlflow` package.

HyperSweep (and Azure ML) give every trial MLFLOW_TRACKING_URI, and HyperSweep also gives
MLFLOW_TRACKING_TOKEN, MLFLOW_RUN_ID and MLFLOW_EXPERIMENT_ID. `open_run()` picks the way to report:

* the real `mlflow` package when it can be imported: `mlflow.start_run()` resumes MLFLOW_RUN_ID, so
  the values land in the run the sweep created for this trial (on Azure ML this is the path taken,
  with the azureml:// tracking URI its curated environments understand);
* otherwise, for an http(s) URI, a few REST calls made with the standard library (urllib), the same
  calls MLflow's Python client makes for start_run / log_param / log_metric / end_run;
* otherwise (no URI, or a scheme only the real package understands) nothing: `open_run()` returns
  None and the caller relies on its printed `name=value` lines alone.

Only the handful of calls a training script needs are here; see MLflow's REST API reference
(https://mlflow.org/docs/latest/rest-api.html) for the full protocol.
"""

import json
import math
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

_API = "/api/2.0/mlflow/"


class TrackingError(RuntimeError):
    """A tracking call failed: refused (MLflow's error_code, e.g. UNAUTHENTICATED) or UNREACHABLE."""

    def __init__(self, endpoint, status, error_code, message):
        where = f"HTTP {status}, {error_code}" if status is not None else error_code
        super().__init__(f"MLflow call {endpoint} failed ({where}): {message}")
        self.error_code = error_code


def _millis():
    return int(time.time() * 1000)


def _json_double(value):
    """MLflow's JSON (protobuf style) writes non-finite doubles as strings; json.dumps cannot."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


class _RestRun:
    """One MLflow run driven over HTTP with urllib; the subset of the fluent API we use."""

    def __init__(self, uri, token, run_id):
        self._base = uri.rstrip("/") + _API
        self._token = token
        self.run_id = run_id

    def _post(self, endpoint, body):
        headers = {"Content-Type": "application/json"}
        if self._token:
            headers["Authorization"] = "Bearer " + self._token
        data = json.dumps(body, allow_nan=False).encode("utf-8")
        return self._send(endpoint, urllib.request.Request(self._base + endpoint, data=data, headers=headers, method="POST"))

    def _get(self, endpoint, query):
        headers = {"Authorization": "Bearer " + self._token} if self._token else {}
        url = self._base + endpoint + "?" + urllib.parse.urlencode(query)
        return self._send(endpoint, urllib.request.Request(url, headers=headers, method="GET"))

    @staticmethod
    def _send(endpoint, request):
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                answer = json.loads(text)
            except ValueError:
                answer = {}
            raise TrackingError(endpoint, error.code, answer.get("error_code", "INTERNAL_ERROR"), answer.get("message", text)) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise TrackingError(endpoint, None, "UNREACHABLE",
                                f"cannot reach {request.full_url.split('?')[0]} ({reason}); check MLFLOW_TRACKING_URI, "
                                "or unset it to report metrics on standard output only") from None

    @classmethod
    def start(cls, uri, token, run_id, experiment_id):
        """Resumes `run_id` (marking it RUNNING, as mlflow.start_run does) or creates a run."""
        if run_id:
            run = cls(uri, token, run_id)
            run._get("runs/get", {"run_id": run_id, "run_uuid": run_id})
            run._post("runs/update", {"run_id": run_id, "run_uuid": run_id, "status": "RUNNING"})
            return run
        creator = cls(uri, token, "")
        created = creator._post("runs/create", {"experiment_id": experiment_id or "0", "start_time": _millis()})
        return cls(uri, token, created["run"]["info"]["run_id"])

    def log_params(self, params):
        self._post("runs/log-batch", {"run_id": self.run_id, "params": [{"key": k, "value": str(v)} for k, v in params.items()]})

    def log_metric(self, key, value, step):
        self._post("runs/log-metric", {"run_id": self.run_id, "run_uuid": self.run_id, "key": key, "value": _json_double(value), "timestamp": _millis(), "step": int(step)})

    def end(self, status):
        self._post("runs/update", {"run_id": self.run_id, "run_uuid": self.run_id, "status": status, "end_time": _millis()})


class _PackageRun:
    """The same surface over the real `mlflow` package."""

    def __init__(self, mlflow):
        self._mlflow = mlflow
        # With MLFLOW_RUN_ID set, start_run() resumes that run instead of creating one.
        self.run_id = mlflow.start_run().info.run_id

    def log_params(self, params):
        self._mlflow.log_params(params)

    def log_metric(self, key, value, step):
        self._mlflow.log_metric(key, float(value), step=int(step))

    def end(self, status):
        self._mlflow.end_run(status=status)


class TrialRun:
    """What the training script calls: parameters once, metrics per step, then end."""

    def __init__(self, backend, kind):
        self._backend = backend
        self.kind = kind
        self.run_id = backend.run_id

    def log_params(self, params):
        """Like mlflow.log_params: a dict of name -> value, sent as strings."""
        self._backend.log_params(params)

    def log_metric(self, key, value, step):
        """Like mlflow.log_metric(key, value, step=step)."""
        self._backend.log_metric(key, value, step)

    def end(self, status="FINISHED"):
        """Like mlflow.end_run(status); FINISHED, FAILED or KILLED."""
        self._backend.end(status)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.end("FINISHED")
            return False
        try:
            self.end("KILLED" if issubclass(exc_type, KeyboardInterrupt) else "FAILED")
        except TrackingError:
            pass  # the error already on its way out is the one worth reporting
        return False


def open_run():
    """The run to log to, or None when MLflow tracking is not configured (see module docstring)."""
    uri = os.environ.get("MLFLOW_TRACKING_URI", "").strip()
    if not uri:
        return None
    try:
        import mlflow  # optional: the real client, preferred when it is installed
    except ImportError:
        mlflow = None
    if mlflow is not None:
        return TrialRun(_PackageRun(mlflow), "mlflow package")
    if urllib.parse.urlparse(uri).scheme not in ("http", "https"):
        print(f"note: MLFLOW_TRACKING_URI={uri} needs the mlflow package (pip install mlflow); "
              "metrics are reported on standard output only", file=sys.stderr)
        return None
    backend = _RestRun.start(uri, os.environ.get("MLFLOW_TRACKING_TOKEN", ""),
                             os.environ.get("MLFLOW_RUN_ID", ""), os.environ.get("MLFLOW_EXPERIMENT_ID", ""))
    return TrialRun(backend, "MLflow REST API")
