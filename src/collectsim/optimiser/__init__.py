"""Strategy optimisation: the best strategy within a budget, found by a search over the
base strategy's levers and checked on replications the search never saw.

One module a concern: the file (:mod:`.spec`), its variables (:mod:`.variables`)
and goals (:mod:`.goals`), runs of candidates on common seeds (:mod:`.evaluate`),
sharing replications out by successive halving (:mod:`.racing`), the Optuna
study (:mod:`.search`), the fresh-replication check (:mod:`.validate`), the
files written (:mod:`.outputs`) and the whole run (:mod:`.run`). The figures
and the report section are the report layer's (:mod:`collectsim.report.optimised`).

The package is named ``optimiser`` so that ``collectsim.optimise`` stays free
for the function.
"""
