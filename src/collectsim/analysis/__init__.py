"""What the runs mean: statistics, the results as tables, sensitivity and calibration.

- :mod:`~collectsim.analysis.stats`: summaries with t-intervals, paired comparisons, budgets
- :mod:`~collectsim.analysis.results`: a finished results folder, checked and read as tables
- :mod:`~collectsim.analysis.sensitivity`: which swept inputs drive each outcome
- :mod:`~collectsim.analysis.calibration`: the model's vital statistics against field figures
- :mod:`~collectsim.analysis.fit`: parameters fitted to field moments (simulated moments)
"""
