"""``python -m tramas.sample --out DIR [--seed N]`` writes the sample survey files."""

from tramas.sample.generator import main

main()
