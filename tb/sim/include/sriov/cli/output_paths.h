// The files a run will write, checked before the run starts: a run refused
// for a bad output creates and truncates nothing, and no writer (SystemC's
// VCD, Verilator's coverage database) fails or aborts half-way.
#pragma once

#include <string>
#include <vector>

namespace sriov::cli {

// A file named on the command line (or derived from one), for messages.
struct file_arg {
    std::string option;         // "--log", "--vcd (the RTL's FILE.rtl.vcd)", ...
    std::string path;           // as given; empty: not used in this run
    bool create_folder = false; // outputs: the run creates a missing folder
};

// "" when every output can be written: not a directory, its folder exists
// (or, with create_folder, can be created) and is writable, an existing file
// is writable, and it is not one of the inputs or another output (same
// file after resolving `..` and symbolic links, or a hard link); then the
// missing folders are created. Otherwise what is wrong with the first bad
// one, naming its option, and nothing is created.
std::string prepare_outputs(const std::vector<file_arg>& inputs,
                            const std::vector<file_arg>& outputs);

// "" when `out` names none of `others` (as prepare_outputs() compares them);
// otherwise "<other option> <path> and <out option> <path> are the same file"
// for the first it names. For an output another part of the program writes
// (SystemC's report log), checked before anything is written.
std::string distinct_from(const file_arg& out, const std::vector<file_arg>& others);

// True when `folder` exists and is writable, or can be created (its nearest
// existing ancestor is a writable folder). Creates nothing.
bool folder_can_be_created(const std::string& folder);

} // namespace sriov::cli
