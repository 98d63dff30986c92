# ARM probes: instruction decoding, simulation and out-of-line execution.
