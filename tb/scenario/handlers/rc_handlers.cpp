// Direct accesses at the root complex (ECAM loads and stores of the host CPU:
// read, write, flr) and a look at the device model's registers (peek).
#include "step_arguments.h"

#include "sriov/endpoint/bar_state.h"
#include "sriov/pcie/registers.h"
#include "sriov/scenario/access_fields.h"
#include "sriov/scenario/handler_table.h"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <stdexcept>

namespace sriov::scenario {

namespace {

// One ECAM access; every step ends on the simulated time axis.
tb::cfg_result access(scenario_bench& bench, tlm::tlm_command cmd, routing_id fn, uint16_t offset,
                      uint8_t* data, unsigned length) {
    tb::cfg_result r = bench.cpu.access(cmd, fn, offset, data, length);
    bench.cpu.sync();
    for (unsigned i = 0; i < length && i < 4; ++i) {
        r.value |= static_cast<uint32_t>(data[i]) << (8 * i);
    }
    return r;
}

access_response response_of(tlm::tlm_response_status s) {
    switch (s) {
    case tlm::TLM_OK_RESPONSE:
        return access_response::ok;
    case tlm::TLM_ADDRESS_ERROR_RESPONSE:
        return access_response::address_error;
    case tlm::TLM_COMMAND_ERROR_RESPONSE:
        return access_response::command_error;
    default:
        return access_response::generic_error;
    }
}

// The fields every direct access reports, and its status in the note.
void report_access(const tb::cfg_result& res, unsigned tlps, step_result& r) {
    const access_response response = response_of(res.response);
    const bool refused = response != access_response::ok &&
                         response != access_response::generic_error; // no TLP was sent
    const uint64_t status = response == access_response::ok ? 0
                            : refused                       ? access_status::none
                            : res.timed_out                 ? access_status::timeout
                                            : static_cast<uint64_t>(res.failed_status);
    auto& f = r.outcome.fields;
    f["response"] = static_cast<uint64_t>(response);
    f["status"] = status;
    f["tlps"] = tlps;
    f["crs_retries"] = res.crs_retries;
    f["dws_completed"] = res.dws_completed;
    if (!refused) {
        r.note += " " + status_field_name(status);
    }
    if (response != access_response::ok) {
        r.note += " (" + response_field_name(static_cast<uint64_t>(response)) + ")";
    }
}

// The function the access addressed: bus and device/function (the ARI function
// number), what pci.sys's GetLocation calls BusNumber and FunctionNumber.
void report_target(routing_id rid, step_result& r) {
    r.outcome.fields["bus"] = rid.bus();
    r.outcome.fields["devfn"] = rid.value & 0xFF;
    r.note = to_string(rid) + r.note;
}

void read_or_write(const step& st, scenario_bench& bench, step_result& r, bool is_write) {
    const routing_id rid = bench.routing_id_of(st.args.at("fn").fn);
    // Offset 0..0xFFF, length 1..4096 (command table): the root complex
    // refuses an access that leaves the function's 4 KiB.
    const auto off = arg_as<uint16_t>(st, "offset");
    const auto len = arg_as<unsigned>(st, "length");
    std::vector<uint8_t> buf(std::max(len, 8u), 0);
    if (is_write) {
        buf = data_bytes(st.args.at("value"), buf.size());
    }
    const tb::cfg_result res =
        access(bench, is_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, rid, off,
               buf.data(), len);
    if (!is_write) {
        r.outcome.data = data_window{
            off, std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(len))};
    }
    report_access(res, res.tlps_sent, r);
    report_target(rid, r);
}

void read(const step& st, scenario_bench& bench, step_result& r) {
    read_or_write(st, bench, r, false);
}

void write(const step& st, scenario_bench& bench, step_result& r) {
    read_or_write(st, bench, r, true);
}

// Device Control of `rid`'s PCI Express capability. The testbench takes the
// offset from the model's layout (the PF's, or the VFs' for any other routing
// ID) instead of walking the list, so that the step is the two accesses the
// scenario asks for and measures.
uint16_t dev_ctrl_offset(const scenario_bench& bench, routing_id rid) {
    const config::sriov_device& dev = bench.top.device;
    const bool is_pf = rid.value == bench.top.config().profile.pfs[0].pf_rid;
    const auto& layout = is_pf ? dev.pf_layout() : dev.vf_layout();
    return static_cast<uint16_t>(layout.capability_offset(config::capability_kind::pcie) +
                                 pcie_field::dev_ctrl);
}

// Initiate FLR as software does it: read Device Control, write it back with the bit set.
void flr(const step& st, scenario_bench& bench, step_result& r) {
    const function_ref& fn = st.args.at("fn").fn;
    const routing_id rid = bench.routing_id_of(fn);
    const uint16_t dev_ctrl_at = dev_ctrl_offset(bench, rid);
    uint8_t dev_ctrl[2] = {};
    tb::cfg_result res =
        access(bench, tlm::TLM_READ_COMMAND, rid, dev_ctrl_at, dev_ctrl, sizeof dev_ctrl);
    unsigned tlps = res.tlps_sent;
    if (res.ok()) {
        const auto value = static_cast<uint16_t>(res.value | bits::dev_ctrl_initiate_flr);
        dev_ctrl[0] = static_cast<uint8_t>(value);
        dev_ctrl[1] = static_cast<uint8_t>(value >> 8);
        res = access(bench, tlm::TLM_WRITE_COMMAND, rid, dev_ctrl_at, dev_ctrl, sizeof dev_ctrl);
        tlps += res.tlps_sent;
        if (res.ok() && fn.type == function_ref::kind::pf) {
            bench.forget_sriov_state(fn.pf); // a PF FLR clears its VF Enable
        }
    }
    report_access(res, tlps, r);
    report_target(rid, r);
    r.note = "FLR " + r.note;
}

// The model's bytes (all-ones where no function answers), without a TLP.
void peek(const step& st, scenario_bench& bench, step_result& r) {
    const routing_id rid = bench.routing_id_of(st.args.at("fn").fn);
    // 1..8 bytes inside the function's 4 KiB (the parser checks both).
    const auto off = arg_as<uint16_t>(st, "offset");
    const auto len = arg_as<uint8_t>(st, "length");
    data_window w{off, std::vector<uint8_t>(len, 0xFF)};
    const bool inside = off + len <= reg::config_space_size;
    bool exists = inside;
    for (unsigned i = 0; inside && i < len; ++i) {
        const unsigned byte = off + i;
        const auto dw_index = static_cast<uint16_t>(byte / 4);
        const std::optional<uint32_t> dw = bench.top.device.peek_dw(rid, dw_index);
        exists = exists && dw.has_value();
        if (dw) {
            w.bytes[i] = static_cast<uint8_t>(*dw >> (8 * (byte % 4)));
        }
    }
    r.outcome.data = std::move(w);
    r.outcome.fields["exists"] = exists ? 1 : 0;
    r.outcome.fields["tlps"] = 0;
    report_target(rid, r);
}

// The bus address of byte `offset` of the function's BAR `bar` as the device
// decodes it now; nullopt: not mapped (no such memory BAR, Memory Space / VF
// MSE off, the VF gone) or base + offset past 2^64.
std::optional<uint64_t> bar_address(const scenario_bench& bench, routing_id rid, unsigned bar,
                                    uint64_t offset) {
    for (const endpoint::bar_hit& w : endpoint::make_bar_decoder(bench.top.device).windows()) {
        if (w.function == rid && w.bar == bar) {
            if (offset > ~uint64_t{0} - w.window_base) {
                return std::nullopt;
            }
            return w.window_base + offset;
        }
    }
    return std::nullopt;
}

// A memory access to a function's BAR at the root complex's MMIO window.
void mmio_access(const step& st, scenario_bench& bench, step_result& r, bool is_write) {
    const routing_id rid = bench.routing_id_of(st.args.at("fn").fn);
    const auto bar = arg_as<unsigned>(st, "bar");
    const uint64_t offset = arg_number(st, "offset");
    const auto len = arg_as<unsigned>(st, "length");
    std::vector<uint8_t> buf(std::max(len, 8u), 0);
    if (is_write) {
        buf = data_bytes(st.args.at("value"), buf.size());
    }
    const std::optional<uint64_t> address = bar_address(bench, rid, bar, offset);
    const uint64_t sent = bench.top.rc.mmio.tlps_sent();
    tlm::tlm_response_status s = tlm::TLM_ADDRESS_ERROR_RESPONSE; // not mapped: no TLP
    if (address) {
        s = bench.cpu.mmio(is_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, *address,
                           buf.data(), len);
    }
    bench.cpu.sync();
    auto& f = r.outcome.fields;
    f["response"] = static_cast<uint64_t>(response_of(s));
    f["mapped"] = address ? 1 : 0;
    f["address"] = address.value_or(0);
    f["tlps"] = bench.top.rc.mmio.tlps_sent() - sent;
    if (!is_write) {
        r.outcome.data = data_window{
            offset,
            std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(len))};
    }
    r.note = fmt::format(" BAR{}+0x{:X}", bar, offset);
    r.note += address ? fmt::format(" @0x{:X}", *address) : std::string(" (not mapped)");
    if (s != tlm::TLM_OK_RESPONSE) {
        r.note += " (" + response_field_name(f["response"]) + ")";
    }
    report_target(rid, r);
}

void mmio_read(const step& st, scenario_bench& bench, step_result& r) {
    mmio_access(st, bench, r, false);
}

void mmio_write(const step& st, scenario_bench& bench, step_result& r) {
    mmio_access(st, bench, r, true);
}

// The function model signals a vector, at the step's simulated time.
void raise(const step& st, scenario_bench& bench, step_result& r) {
    const routing_id rid = bench.routing_id_of(st.args.at("fn").fn);
    const auto vector = arg_as<uint16_t>(st, "vector");
    bench.cpu.sync();
    try {
        const endpoint::msix_outcome o = bench.top.ep_mmio.raise(rid, vector);
        r.outcome.fields["outcome"] = static_cast<uint64_t>(o);
        r.note = fmt::format(" vector {}: {}", vector, endpoint::to_string(o));
    } catch (const std::out_of_range& e) {
        r.error = e.what(); // no MSI-X, or a vector past the function's table
    }
    report_target(rid, r);
}

// The MSI-X messages of (function, vector) the root complex has received: an
// upstream write from the function with the vector's Message Address and Data
// as its table holds them now (what an OS matches them by).
void interrupts(const step& st, scenario_bench& bench, step_result& r) {
    const routing_id rid = bench.routing_id_of(st.args.at("fn").fn);
    const auto vector = arg_as<uint16_t>(st, "vector");
    bench.cpu.sync();
    const std::optional<endpoint::msi_message> entry = bench.top.ep_mmio.vector_entry(rid, vector);
    uint64_t count = 0, total = 0, last_ns = 0;
    for (const root_complex::upstream_write& w : bench.top.rc.mmio.writes()) {
        if (w.requester != rid) {
            continue;
        }
        ++total;
        if (entry && w.address == entry->address && w.data == entry->data) {
            ++count;
            last_ns = static_cast<uint64_t>(w.time.to_seconds() * 1e9 + 0.5);
        }
    }
    auto& f = r.outcome.fields;
    f["count"] = count;
    f["total"] = total;
    f["last_ns"] = last_ns;
    r.note = fmt::format(" vector {}: {} message(s)", vector, count);
    if (!entry) {
        r.note += " (no such vector)";
    }
    report_target(rid, r);
}

} // namespace

void add_rc_handlers(handler_table& table) {
    table.add({{command_id::read, read},
               {command_id::write, write},
               {command_id::flr, flr},
               {command_id::peek, peek},
               {command_id::mmio_read, mmio_read},
               {command_id::mmio_write, mmio_write},
               {command_id::raise, raise},
               {command_id::interrupts, interrupts}});
}

} // namespace sriov::scenario
