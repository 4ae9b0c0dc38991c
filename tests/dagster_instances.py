"""Dagster instance settings the scale-out tests share."""

# Runs start at once in a subprocess of the code server: no daemon, no queue.
IMMEDIATE_RUNS_YAML = """\
run_coordinator:
  module: dagster._core.run_coordinator
  class: DefaultRunCoordinator
run_launcher:
  module: dagster._core.launcher
  class: DefaultRunLauncher
telemetry:
  enabled: false
"""
