// Runs a libFuzzer entry point without libFuzzer, so every build (gcc
// included) exercises a fuzz target's invariants on its seed corpus and on
// pseudo-random mutations of it:
//   <target>_replay [--random N] [--seed S] [--max-len L] FILE|DIR ...
// FILE/DIR inputs run first as they are, then N inputs made from them by
// flipping bits, overwriting, inserting and deleting bytes and splicing two
// inputs (a fixed seed: the same inputs every run). Exit 0 when every input
// returned; an invariant failure aborts inside the target.
#pragma once

namespace sriov::fuzz {

int replay_main(int argc, char* argv[]);

} // namespace sriov::fuzz
