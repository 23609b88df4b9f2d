// Scenario files (docs/scenario-format.md): a line-oriented script that picks
// the platform, calls the Windows SR-IOV APIs, reads and writes config space
// at the root complex, waits, resets and states expectations. This header is
// the parsed form; parsing needs no SystemC simulation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sriov::scenario {

// A parse error; what() is "FILE:LINE: message" (file:line of the offending line).
class parse_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class value_kind : uint8_t {
    integer,  // 42, 0x2A, 0b101, 1_000; symbolic names where the parameter allows them
    boolean,  // TRUE/FALSE, true/false, on/off, yes/no, 1/0
    time,     // 100ms, 2.5us, 730ns, 10ps, 1s (a bare number is ns)
    function, // pf, pf<n>, vf<k>, pf<n>.vf<k>, bb:dd.f, or a 16-bit routing ID 0xNNNN
    data,     // integer (little-endian), hex:<bytes>, or null (NULL buffer)
    word,     // free text without blanks (a mode name, a file name, ...)
};

// A function as a scenario names it: resolved to a routing ID when the step runs
// (VF k follows its PF's First VF Offset / VF Stride at that moment).
struct function_ref {
    enum class kind : uint8_t { pf, vf, rid } type = kind::pf;
    uint16_t index = 0; // VF index or the raw routing ID
    uint8_t pf = 0;     // which PF (the description's order) for pf and vf
};

struct value {
    value_kind kind = value_kind::integer;
    uint64_t number = 0;        // integer, boolean (0/1), time in ps
    function_ref fn;            // function
    std::vector<uint8_t> bytes; // data given as hex:
    bool is_null = false;       // data given as null
    bool from_integer = false;  // data given as an integer
    std::string text;           // word; and the literal as written, for messages
    // An offset given as CAP+OFFSET: the capability's name (capability_names.h);
    // `number` is then OFFSET, resolved against the function's list when the step runs.
    std::string capability;
};

enum class compare_op : uint8_t { eq, ne, lt, le, gt, ge };
const char* to_string(compare_op op);

// What an expectation or a capture looks at: a field of the step, or its data.
struct field_ref {
    unsigned line = 0;
    std::string text;  // the line as written (for messages)
    std::string field; // "return", "data", "status", "tlps", ... (see the command table)
    bool data_slice = false;
    uint64_t slice_offset = 0; // data@OFF:LEN: offset inside the step's bytes, width 1..8
    unsigned slice_length = 0;
    std::string slice_capability; // data@CAP+OFF:LEN: resolved when the step runs
};

// expect FIELD OP VALUE [mask M]; VALUE may be $NAME, a value captured earlier.
struct expectation : field_ref {
    compare_op op = compare_op::eq;
    uint64_t expected = 0;
    std::string expected_name; // $NAME (without '$'): compare with the captured value
    std::optional<uint64_t> mask;
};

// `... as NAME` on a step (its data) or `capture FIELD as NAME` below it.
struct capture : field_ref {
    std::string name;
};

// Every command of the language (the command table's rows), so that the runner
// dispatches on a type instead of the command's spelling.
enum class command_id : uint8_t {
    platform, // header
    // simulation and device control
    wait,
    echo,
    reset,
    flr,
    crs_sv,
    drop_completions,
    read,
    write,
    peek,
    // the data path: memory accesses to a function's BAR, MSI-X
    mmio_read,
    mmio_write,
    raise,
    interrupts,
    linux_enable,
    driver, // which PF's drivers make the API calls that follow
    // pci.sys: PCI_VIRTUALIZATION_INTERFACE
    enable_virtualization,
    set_virtual_function_data,
    get_virtual_function_data,
    get_location,
    get_resources,
    get_virtual_function_probed_bars,
    // NDIS: the PF miniport
    ndis_enable_virtualization,
    ndis_set_vf_bus_data,
    ndis_get_vf_bus_data,
    oid_allocate_vf,
    oid_free_vf,
    oid_write_vf_config_space,
    oid_read_vf_config_space,
    virtual_bus_driver,
    // pcivirt.h: SRIOV_DEVICE_INTERFACE_STANDARD
    prepare_hardware,
    write_vf_config,
    read_vf_config,
    reset_vf,
    get_vendor_and_device,
    get_device_location,
};
inline constexpr size_t command_count = static_cast<size_t>(command_id::get_device_location) + 1;

struct step {
    unsigned line = 0;
    command_id id = command_id::wait;  // set by the parser from the command table
    std::string command;               // as in the command table
    std::string text;                  // the line as written, trimmed
    std::map<std::string, value> args; // every parameter, defaults filled in
    std::vector<expectation> expects;
    std::vector<capture> captures; // taken before the expectations are checked
};

struct platform_settings {
    std::string device; // description file (against the scenario's folder); empty = built-in
    unsigned gen = 0;   // 0 = the device's
    unsigned lanes = 0;
    std::string mode; // "", "lt", "at"
    // Optional timing overrides (ps); nullopt = model default.
    std::optional<uint64_t> vf_enable_wait_ps, flr_wait_ps; // software waits (stubs)
    std::optional<uint64_t> reset_ready_ps, vf_enable_ready_ps, flr_ready_ps; // device
    std::optional<uint64_t> completion_timeout_ps, crs_retry_interval_ps;     // root complex
    std::optional<unsigned> crs_retry_limit;
    std::optional<bool> crs_software_visibility;
};

struct scenario {
    std::string source; // file name for messages
    std::string title;  // first "# " comment line, if any
    platform_settings platform;
    std::vector<step> steps;
};

// Parses a scenario; throws parse_error with "source:line: ..." on any mistake.
scenario parse(std::istream& in, const std::string& source);
scenario load(const std::string& path);

// How a range is written in messages and docs.
enum class range_style : uint8_t { decimal, hex, picoseconds };

// The values a number parameter accepts: the width and range of the field it
// feeds. The parser checks every integer and time against it when it reads it.
struct value_range {
    uint64_t min = 0;
    uint64_t max = std::numeric_limits<uint64_t>::max();
    const char* type = nullptr; // the Windows type it feeds ("USHORT"), if any
    range_style style = range_style::decimal;
};
// "0x0..0xFFFF (USHORT)", "1..4096", "0..18446744073709551614 ps".
std::string to_string(const value_range& r);

// The last simulated instant a step can reach, in ps: SystemC's sc_max_time()
// less one (events at sc_max_time() never run).
uint64_t last_time_ps();

// One command of the scenario language (the table the parser and the docs share).
struct param_spec {
    const char* name;
    value_kind kind;
    const char* default_value; // nullptr: required
    const char* help;
    value_range range = {}; // integer and time parameters
    // A config-space offset: CAP+OFFSET is accepted as well as a number.
    bool capability_relative = false;
};
struct command_spec {
    command_id id;
    const char* name;
    const char* family; // "bus", "ndis", "pcivirt", "rc", "device", "sim", "header"
    const char* tag;    // VCD activity (<= 8 characters)
    std::vector<param_spec> params;
    std::vector<const char*> fields; // expectation fields besides the common ones
    bool reads_data;                 // `data` / `data@OFF:LEN` available
    const char* help;
};
const std::vector<command_spec>& commands();
const command_spec* find_command(const std::string& name);
const command_spec& find_command(command_id id);

// Symbolic values accepted wherever a number is: STATUS_*, NDIS_STATUS_*,
// TRUE/FALSE, SC/UR/CRS/CA/timeout, ok/address_error/generic_error.
std::optional<uint64_t> symbol_value(const std::string& name);

// The Windows flow that `sriov-sim` runs with no arguments (tb/scenarios/windows_flow.sriov).
extern const char* const default_scenario_text;
extern const char* const default_scenario_name;

} // namespace sriov::scenario
