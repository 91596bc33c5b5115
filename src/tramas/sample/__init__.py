"""The bundled sample: a fictional wine-cluster survey in two waves, with its ground truth.

:func:`sample_dir` is the folder shipped with tramas (``study.toml``, ``actors.csv``, ties
as edge list, rosters and free recall, ``ground_truth.json``, the firms' upgrading in
``upgrading.csv`` and the planted value chains in ``planted_value_chains.json``);
:func:`write_sample` copies or regenerates it; :func:`generate_sample` returns the tables
in memory.
"""

from tramas.sample.generator import SampleData, generate_sample, sample_dir, write_sample

__all__ = ["SampleData", "generate_sample", "sample_dir", "write_sample"]
