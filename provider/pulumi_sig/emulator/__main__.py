"""`python -m pulumi_sig.emulator`: the same as the `sig-emulator` console script."""
from pulumi_sig.emulator.server import main

main()
