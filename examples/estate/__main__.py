"""The whole program: estate.yaml (with this stack's overlays) says everything; see README.md."""
from pulumi_sig.estate import deploy

deploy("estate.yaml")
