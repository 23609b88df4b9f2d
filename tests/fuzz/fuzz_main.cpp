// main() of the replay build of a plain C++ fuzz target (fuzz_replay.h).
#include "fuzz_replay.h"

int main(int argc, char* argv[]) {
    return sriov::fuzz::replay_main(argc, argv);
}
