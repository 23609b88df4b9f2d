// sc_main() of a fuzz target that runs a SystemC platform. The replay build
// enters here through SystemC's main(); in the libFuzzer build libFuzzer's
// main() comes first and this is never called (SystemC's library still needs
// the symbol).
#include "fuzz_replay.h"

#include <systemc>

int sc_main(int argc, char* argv[]) {
    return sriov::fuzz::replay_main(argc, argv);
}
