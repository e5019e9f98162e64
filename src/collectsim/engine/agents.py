"""The base of collectsim's Mesa agents (the lender, the regulator): plain Mesa agents
whose models can be garbage-collected after their run.

Mesa 3.3 numbers each model's agents from a counter kept in ``Agent._ids``, a
class-level dict keyed by the model that nothing ever empties (Mesa issue
#3179): every model that ever made an agent stays in memory, and a sweep of a
thousand runs grows by a thousand books. Mesa looks the counter up as
``self._ids``, so this base class gives its own agents their own table,
weakly keyed: ids still count 1, 2, ... per model, and a finished model goes
when its last reference does. Nothing of Mesa's is written to.

>>> import gc, weakref, mesa
>>> model = mesa.Model(seed=1)
>>> a, b = EngineAgent(model), EngineAgent(model)
>>> (a.unique_id, b.unique_id)
(1, 2)
>>> ref = weakref.ref(model)
>>> del model, a, b; _ = gc.collect()
>>> ref() is None
True
"""

from __future__ import annotations

import itertools
import weakref
from typing import Any

import mesa


class _IdsPerModel(weakref.WeakKeyDictionary):
    """``defaultdict(itertools.count(1))`` that does not keep its models alive."""

    def __getitem__(self, model: Any) -> itertools.count:
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = self[model] = itertools.count(1)
            return counter


class EngineAgent(mesa.Agent):
    """A Mesa agent of the engine: registered with its model, numbered per model."""

    _ids = _IdsPerModel()
