"""Packaging beyond pyproject.toml: one startup file next to the package in site-packages.

`pulumi_sig_dynamic_host.pth` runs at interpreter start. In every process but Pulumi's
dynamic-provider host (`python -m pulumi.dynamic`) it does nothing; there it loads
`pulumi_sig.resources._boot`, which adapts the host before it serves its first call, so that
imports (whose first call carries no serialized provider) work in any stack shape.
"""
import os

from setuptools import setup
from setuptools.command.build_py import build_py

PTH = "pulumi_sig_dynamic_host.pth"


class BuildPyWithStartupFile(build_py):
    def run(self) -> None:
        super().run()
        self.copy_file(os.path.join("provider", PTH), os.path.join(self.build_lib, PTH))

    def get_outputs(self, include_bytecode: bool = True) -> list:
        return [*super().get_outputs(include_bytecode), os.path.join(self.build_lib, PTH)]


setup(cmdclass={"build_py": BuildPyWithStartupFile})
