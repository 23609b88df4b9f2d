# Rejected: the last VF, 0x0280 + 2 x 32448, is past ff:1f.7 (names total_vfs).
total_vfs   = 32449
initial_vfs = 32449
