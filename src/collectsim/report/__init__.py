"""What a person reads: figures, report tables and the self-contained HTML report.

- :mod:`~collectsim.report.results`: the Results a researcher holds (tables + figures)
- :mod:`~collectsim.report.plots`: one module per figure
- :mod:`~collectsim.report.style`: colours, markers, units, number formats of every figure
- :mod:`~collectsim.report.tables`: the report's words and tables, numbers formatted once
- :mod:`~collectsim.report.html`: ``report.html`` with every figure embedded
"""
