"""Running experiments to disk: the plan, where runs execute, the results folder.

- :mod:`~collectsim.runner.experiment`: the plan of runs and :func:`run`, which executes it
- :mod:`~collectsim.runner.feasibility`: work that cannot finish, fit or stay in int64 refused
- :mod:`~collectsim.runner.backends`: serial or a pool of processes;
  :mod:`~collectsim.runner.cluster`: Dask; :mod:`~collectsim.runner.launch` starts one
- :mod:`~collectsim.runner.progress`: the bar over runs, and the day a long run reached
- :mod:`~collectsim.runner.store`: the results folder, one part file per finished run
- :mod:`~collectsim.runner.integrity`: part files checksummed, damaged ones detected
- :mod:`~collectsim.runner.fingerprint`: the code that computes results, hashed
- :mod:`~collectsim.runner.outputs`: CSV rows formatted once and assembled in order
- :mod:`~collectsim.runner.manifest`: ``manifest.json``, what a folder holds
- :mod:`~collectsim.runner.seeds`: one seed per replication (common random numbers)
- :mod:`~collectsim.runner.atomic`: the one way a file is written
"""
