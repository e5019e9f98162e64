import numpy as np
from scipy import stats

from collectsim.engine.streams import STREAM_NAMES, Streams


def test_same_account_same_draw_whoever_else_is_drawn():
    s = Streams(42)
    alone = s.uniform("contact_reach", 10, np.array([7]))
    crowd = s.uniform("contact_reach", 10, np.arange(100))
    assert alone[0] == crowd[7]


def test_streams_days_and_seeds_differ():
    idx = np.arange(1000)
    s = Streams(1)
    assert not np.allclose(s.uniform("pay", 1, idx), s.uniform("cure", 1, idx))
    assert not np.allclose(s.uniform("pay", 1, idx), s.uniform("pay", 2, idx))
    assert not np.allclose(s.uniform("pay", 1, idx), Streams(2).uniform("pay", 1, idx))


def test_uniforms_are_uniform_and_normals_normal():
    s = Streams(3)
    u = s.uniform("job", 5, np.arange(50_000))
    assert u.min() >= 0 and u.max() < 1
    assert stats.kstest(u, "uniform").pvalue > 0.001
    z = s.normal("revenue", 5, np.arange(50_000))
    assert stats.kstest(z, "norm").pvalue > 0.001


def test_stream_keys_are_distinct():
    s = Streams(0)
    assert len(set(s.keys.values())) == len(STREAM_NAMES)


def test_sub_keys_give_each_purpose_its_own_draw():
    s = Streams(5)
    idx = np.arange(1000)
    a, b = s.uniform("contact_reach", 3, idx, sub=0), s.uniform("contact_reach", 3, idx, sub=1)
    assert not np.allclose(a, b)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.1
