"""Running experiments to disk: the plan, where runs execute, the results folder.

- :mod:`~collectsim.runner.experiment`: the plan of runs and :func:`run`, which executes it
- :mod:`~collectsim.runner.backends`: serial, a pool of processes, or Dask
- :mod:`~collectsim.runner.store`: the results folder, one part file per finished run
- :mod:`~collectsim.runner.outputs`: CSV rows formatted once and assembled in order
- :mod:`~collectsim.runner.manifest`: ``manifest.json``, what a folder holds
- :mod:`~collectsim.runner.seeds`: one seed per replication (common random numbers)
- :mod:`~collectsim.runner.atomic`: the one way a file is written
"""
