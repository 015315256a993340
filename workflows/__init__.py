"""Deterministic workflow definitions; ``workflows.registry.ALL_WORKFLOWS`` lists them.

Keep this file free of imports. Temporal's sandbox imports a workflow's module afresh for
every new run, and with it this package: an import here would re-execute every other workflow
module each time an enrollment starts (it was 12 % of a worker's CPU in
``bench/saga_throughput.py``).
"""
