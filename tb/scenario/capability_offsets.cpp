// Each capability a step names is found once per step, by the walk software
// does (Linux pci_find_capability / pci_find_ext_capability): a scenario step
// never depends on where an earlier step found it, so it follows the device
// it runs on, after a reset too.
#include "sriov/scenario/capability_offsets.h"

#include "sriov/pcie/capability_walk.h"
#include "sriov/scenario/access_fields.h"
#include "sriov/scenario/capability_names.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <stdexcept>

namespace sriov::scenario {

namespace {

bool capability_relative(const field_ref& f) {
    return !f.slice_capability.empty();
}

// Why a walk's read failed, in the words of a direct access's `status`.
std::string failure_of(const tb::cfg_result& r) {
    if (r.timed_out) {
        return status_field_name(access_status::timeout);
    }
    return r.failed ? status_field_name(static_cast<uint64_t>(r.failed_status))
                    : "refused by the root complex";
}

// Reads a function's configuration space for the walk: through the root
// complex (TLPs), or the model's registers for a peek (no TLP).
class walker {
public:
    walker(scenario_bench& bench, routing_id rid, bool peek)
        : bench_(bench), rid_(rid), peek_(peek) {}

    // Where the capability starts; nullopt (and `failure`) when the function
    // does not have it or a read failed.
    std::optional<uint16_t> find(const capability_name& c) {
        auto read = [this](uint16_t off, unsigned len, uint32_t& v) {
            return peek_ ? peek(off, len, v) : read_config(off, len, v);
        };
        const uint16_t at = c.extended ? find_ext_capability(read, c.id)
                                       : find_capability(read, static_cast<uint8_t>(c.id));
        if (at == 0 && failure.empty()) {
            failure = fmt::format(
                "{} has no {} capability: its {} list has no ID {:0{}X}h", to_string(rid_), c.name,
                c.extended ? "extended capability" : "capability", c.id, c.extended ? 4 : 2);
        }
        return at == 0 ? std::nullopt : std::optional<uint16_t>(at);
    }

    std::string failure;
    unsigned tlps = 0;

private:
    bool read_config(uint16_t off, unsigned len, uint32_t& v) {
        uint8_t b[4] = {};
        const tb::cfg_result r = bench_.cpu.access(tlm::TLM_READ_COMMAND, rid_, off, b, len);
        bench_.cpu.sync();
        tlps += r.tlps_sent;
        if (!r.ok()) {
            failure = fmt::format("the capability walk's read of {} at 0x{:X} failed: {}",
                                  to_string(rid_), off, failure_of(r));
            return false;
        }
        v = static_cast<uint32_t>(b[0] | b[1] << 8 | b[2] << 16 |
                                  static_cast<uint32_t>(b[3]) << 24);
        return true;
    }

    bool peek(uint16_t off, unsigned len, uint32_t& v) {
        const std::optional<uint32_t> dw = bench_.top.device.peek_dw(rid_, off / 4);
        if (!dw) {
            failure = fmt::format("no function of the device is at {}", to_string(rid_));
            return false;
        }
        const uint64_t mask = (uint64_t{1} << (8 * len)) - 1;
        v = static_cast<uint32_t>((*dw >> (8 * (off % 4))) & mask);
        return true;
    }

    scenario_bench& bench_;
    routing_id rid_;
    bool peek_;
};

// The function whose list the step's capabilities are in: its `fn`, or the VF
// an API step addresses.
std::optional<routing_id> target_of(const step& st, const scenario_bench& bench,
                                    std::string& error) {
    if (auto it = st.args.find("fn"); it != st.args.end()) {
        return bench.routing_id_of(it->second.fn);
    }
    const unsigned total = bench.top.config().profile.total_vfs;
    for (const char* k : {"VirtualFunction", "VFId", "VfIndex"}) {
        if (auto it = st.args.find(k); it != st.args.end()) {
            if (it->second.number >= total) {
                error = fmt::format("{}={} is no VF of the device (TotalVFs {}): it has no "
                                    "capability list to walk",
                                    k, it->second.number, total);
                return std::nullopt;
            }
            return bench.top.device.vf_rid(static_cast<uint16_t>(it->second.number));
        }
    }
    throw std::logic_error("CAP+OFFSET in a step that names no function");
}

// The range of the parameter `name` of the step's command.
value_range range_of(const step& st, const std::string& name) {
    for (const param_spec& p : find_command(st.id).params) {
        if (name == p.name) {
            return p.range;
        }
    }
    throw std::logic_error("CAP+OFFSET in a parameter the command table does not have");
}

class resolver {
public:
    resolver(scenario_bench& bench, routing_id rid, const step& st, resolved_offsets& out)
        : walk_(bench, rid, st.id == command_id::peek), out_(out) {}

    // The capability's start, walked once per step.
    std::optional<uint16_t> start_of(const std::string& cap) {
        if (auto it = found_.find(cap); it != found_.end()) {
            return it->second;
        }
        const std::optional<uint16_t> at = walk_.find(*find_capability_name(cap));
        out_.tlps = walk_.tlps;
        if (!at) {
            out_.error = walk_.failure;
            return std::nullopt;
        }
        out_.note += fmt::format("{}({} at 0x{:X})", out_.note.empty() ? "" : " ", cap, *at);
        return found_[cap] = *at;
    }

private:
    walker walk_;
    resolved_offsets& out_;
    std::map<std::string, uint16_t> found_;
};

// An argument's CAP+OFFSET as the absolute offset, inside the parameter's range.
bool resolve_argument(resolver& res, const step& st, const std::string& name, value& v,
                      std::string& error) {
    const std::optional<uint16_t> start = res.start_of(v.capability);
    if (!start) {
        return false;
    }
    const value_range range = range_of(st, name);
    const uint64_t at = *start + v.number;
    if (at > range.max) {
        error = fmt::format("{} {}: {} is 0x{:X} on this device, out of range {}", st.command, name,
                            v.text, at, to_string(range));
        return false;
    }
    v.number = at;
    v.capability.clear();
    return true;
}

bool resolve_slice(resolver& res, field_ref& f) {
    const std::optional<uint16_t> start = res.start_of(f.slice_capability);
    if (start) {
        f.slice_offset += *start;
        f.slice_capability.clear();
    }
    return start.has_value();
}

// A peek has no root complex to refuse bytes past the function's 4 KiB.
void check_peek_window(const step& st, std::string& error) {
    const uint64_t off = st.args.at("offset").number;
    const uint64_t len = st.args.at("length").number;
    if (off + len > reg::config_space_size) {
        error = fmt::format("peek {}: 0x{:X} + {} bytes is past the function's 4 KiB",
                            st.args.at("offset").text, off, len);
    }
}

} // namespace

bool has_capability_offsets(const step& st) {
    for (const auto& [name, v] : st.args) {
        if (!v.capability.empty()) {
            return true;
        }
    }
    for (const expectation& e : st.expects) {
        if (capability_relative(e)) {
            return true;
        }
    }
    for (const capture& k : st.captures) {
        if (capability_relative(k)) {
            return true;
        }
    }
    return false;
}

resolved_offsets resolve_capability_offsets(const step& st, scenario_bench& bench) {
    resolved_offsets out{st, "", 0, ""};
    const std::optional<routing_id> rid = target_of(st, bench, out.error);
    if (!rid) {
        return out;
    }
    resolver res(bench, *rid, st, out);
    bool ok = true;
    for (auto& [name, v] : out.st.args) {
        ok = ok && (v.capability.empty() || resolve_argument(res, st, name, v, out.error));
    }
    for (expectation& e : out.st.expects) {
        ok = ok && (!capability_relative(e) || resolve_slice(res, e));
    }
    for (capture& k : out.st.captures) {
        ok = ok && (!capability_relative(k) || resolve_slice(res, k));
    }
    if (ok && st.id == command_id::peek) {
        check_peek_window(out.st, out.error);
    }
    return out;
}

} // namespace sriov::scenario
