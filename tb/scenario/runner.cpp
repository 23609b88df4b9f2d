#include "sriov/scenario/runner.h"

#include "sriov/pcie/ecam_transport.h"

#include "sriov/tb/linux_sriov_enable.h"
#include "sriov/tb/tlp_vcd_monitor.h"
#include "sriov/tb/transaction_log.h"
#include "sriov/tlp/tlp_format.h"

#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

namespace sriov::scenario {

namespace {

constexpr const char* msg_type = "sriov/scenario";

uint64_t now_ps() {
    return sc_core::sc_time_stamp().value() / sc_core::sc_time(1, sc_core::SC_PS).value();
}

sc_core::sc_time ps_time(uint64_t ps) {
    return sc_core::sc_time(static_cast<double>(ps), sc_core::SC_PS);
}

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%" PRIX64, v);
    return b;
}

const std::string& arg_text(const step& st, const char* name) {
    static const std::string empty;
    auto it = st.args.find(name);
    return it == st.args.end() ? empty : it->second.text;
}

uint64_t arg_num(const step& st, const char* name) {
    auto it = st.args.find(name);
    return it == st.args.end() ? 0 : it->second.number;
}

bool fields_are_counts(const std::string& f) {
    static const char* counts[] = {"tlps",       "crs_retries", "dws_written",  "dws_completed",
                                   "latency_ns", "bytes",       "bytes_needed", "config_accesses",
                                   "num_vfs",    "total_vfs",   "refused",      "exists",
                                   "ok"};
    return std::find_if(std::begin(counts), std::end(counts),
                        [&](const char* c) { return f == c; }) != std::end(counts);
}

std::string status_name(uint64_t v) {
    switch (v) {
    case 0:
        return "SC";
    case 1:
        return "UR";
    case 2:
        return "CRS";
    case 4:
        return "CA";
    case 0x100:
        return "timeout";
    case 0x200:
        return "none";
    default:
        return hex(v);
    }
}

std::string response_name(uint64_t v) {
    static const char* names[] = {"ok", "address_error", "command_error", "generic_error"};
    return v < 4 ? names[v] : hex(v);
}

// Bytes of a data argument: integers little-endian, hex: as given, zero-padded.
std::vector<uint8_t> data_bytes(const value& v, size_t length) {
    std::vector<uint8_t> b(std::max<size_t>(length, 8), 0);
    if (v.from_integer) {
        for (size_t i = 0; i < 8; ++i) {
            b[i] = static_cast<uint8_t>(v.number >> (8 * i));
        }
    } else {
        std::copy_n(v.bytes.begin(), std::min(v.bytes.size(), b.size()), b.begin());
    }
    return b;
}

// The stub prints NdisMiniportHandle as a pointer: show the scenario's name
// for it instead (runs stay comparable), and add the data a write carries.
std::string display_arguments(const step& st, std::string a) {
    const std::string key = "NdisMiniportHandle=";
    if (a.compare(0, key.size(), key) == 0) {
        const auto sp = a.find(' ');
        a = key + arg_text(st, "Handle") + (sp == std::string::npos ? "" : a.substr(sp));
    }
    for (const char* k : {"Data", "Buffer"}) {
        auto it = st.args.find(k);
        if (it != st.args.end() && it->second.kind == value_kind::data) {
            a += std::string(" ") + k + "=" + it->second.text;
        } else if (it != st.args.end() && it->second.text == "null") {
            a += std::string(" ") + k + "=NULL";
        }
    }
    if (arg_text(st, "Context") == "bad") {
        a += " Context=bad";
    }
    return a;
}

int bogus_context_target = 0; // a pointer that is no stub's Context or handle

} // namespace

struct runner::outcome {
    std::map<std::string, uint64_t> fields;
    bool has_data = false;
    uint64_t data_offset = 0; // config-space offset of data[0]
    std::vector<uint8_t> data;
    bool has_record = false;
    sw_stubs::api_call_record record;
    std::string note; // extra text for the summary (e.g. a direct access's status)
    std::string return_family;
};

tb::platform_config make_platform_config(const platform_settings& s,
                                         const std::string& scenario_dir) {
    tb::platform_config cfg;
    if (!s.profile.empty() && s.profile != "default") {
        std::string path = s.profile;
        if (path[0] != '/' && !scenario_dir.empty()) {
            path = scenario_dir + "/" + path;
        }
        cfg.profile = config::load_profile(path);
    }
    if (s.gen != 0) {
        cfg.link.gen = static_cast<link::generation>(s.gen);
        cfg.profile.link_gen = s.gen;
    } else {
        cfg.link.gen = static_cast<link::generation>(cfg.profile.link_gen);
    }
    if (s.lanes != 0) {
        cfg.link.width = s.lanes;
        cfg.profile.link_width = s.lanes;
    } else {
        cfg.link.width = cfg.profile.link_width;
    }
    const auto ns = [](uint64_t ps) { return ps / 1000; };
    if (s.reset_ready_ps)
        cfg.profile.reset_ready_ns = ns(*s.reset_ready_ps);
    if (s.vf_enable_ready_ps)
        cfg.profile.vf_enable_ready_ns = ns(*s.vf_enable_ready_ps);
    if (s.flr_ready_ps)
        cfg.profile.flr_ready_ns = ns(*s.flr_ready_ps);
    config::validate(cfg.profile);
    cfg.rc.mode = s.mode == "at" ? root_complex::coding_style::at : root_complex::coding_style::lt;
    if (s.completion_timeout_ps)
        cfg.rc.completion_timeout_ps = *s.completion_timeout_ps;
    if (s.crs_retry_interval_ps)
        cfg.rc.crs_retry_interval_ps = *s.crs_retry_interval_ps;
    if (s.crs_retry_limit)
        cfg.rc.crs_retry_limit = *s.crs_retry_limit;
    if (s.crs_software_visibility)
        cfg.rc.crs_software_visibility = *s.crs_software_visibility;
    return cfg;
}

sw_stubs::stub_config make_stub_config(const platform_settings& s) {
    sw_stubs::stub_config c;
    if (s.vf_enable_wait_ps)
        c.vf_enable_wait = ps_time(*s.vf_enable_wait_ps);
    if (s.flr_wait_ps)
        c.flr_wait = ps_time(*s.flr_wait_ps);
    return c;
}

runner::runner(sc_core::sc_module_name name, tb::platform& top, const scenario& sc,
               const sw_stubs::stub_config& stubs)
    : sc_core::sc_module(name), bus("bus", routing_id(top.config().profile.pf_rid), stubs),
      ndis("ndis", routing_id(top.config().profile.pf_rid), stubs),
      pcivirt("pcivirt", routing_id(top.config().profile.pf_rid), stubs), cpu("cpu"),
      direct("direct"), top_(top), sc_(sc) {
    bus.socket.bind(top.rc.ecam);
    ndis.socket.bind(top.rc.ecam);
    pcivirt.socket.bind(top.rc.ecam);
    cpu.socket.bind(top.rc.ecam);
    direct.bind(top.rc.ecam);
    qk_.reset();
    bus.set_observer(this);
    ndis.set_observer(this);
    pcivirt.set_observer(this);
    top.link.add_observer(this);
    SC_HAS_PROCESS(runner);
    SC_THREAD(run);
}

void runner::on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) {
    if (capturing_) {
        captured_tlps_.push_back(std::to_string(time_ps) + " ps " +
                                 (dir == link::direction::downstream ? "down " : "up   ") +
                                 to_text(t));
    }
}

void runner::on_call(const sw_stubs::api_call_record& record) {
    calls_.push_back(record);
}

routing_id runner::resolve(const function_ref& f) const {
    switch (f.type) {
    case function_ref::kind::pf:
        return routing_id(top_.config().profile.pf_rid);
    case function_ref::kind::vf:
        return top_.device.vf_rid(f.index);
    case function_ref::kind::rid:
        break;
    }
    return routing_id(f.index);
}

void runner::run() {
    if (out_ != nullptr) {
        std::fprintf(out_, "%-3s %14s  %-31s %-54s %4s %14s  %s\n", "#", "time us", "call",
                     "arguments", "TLPs", "latency ns", "result");
    }
    unsigned index = 0;
    for (const step& st : sc_.steps) {
        const command_spec* spec = find_command(st.command);
        outcome o;
        step_result r;
        r.index = ++index;
        r.line = st.line;
        r.name = st.command;
        calls_.clear();
        captured_tlps_.clear();
        capturing_ = true;
        if (vcd_ != nullptr && *spec->tag != '\0') {
            vcd_->set_activity(spec->tag);
        }
        r.start_ps = now_ps();
        execute(st, o);
        r.end_ps = now_ps();
        capturing_ = false;
        if (vcd_ != nullptr && *spec->tag != '\0') {
            vcd_->set_activity("");
        }
        if (!calls_.empty()) {
            o.has_record = true;
            o.record = calls_.back();
            const auto& c = o.record;
            r.name = c.api;
            r.arguments = display_arguments(st, sw_stubs::format_arguments(c.arguments));
            r.has_result = true;
            r.result = c.result;
            r.result_text = sw_stubs::result_text(c.kind, c.result);
            r.refused = c.refused();
            r.reason = c.reason;
            unsigned tlps = 0, accesses = 0, crs = 0;
            for (const auto& k : calls_) {
                tlps += k.tlps;
                accesses += k.config_accesses;
                crs += k.crs_retries;
            }
            o.fields["refused"] = c.refused() ? 1 : 0;
            o.fields["tlps"] = tlps;
            o.fields["config_accesses"] = accesses;
            o.fields["crs_retries"] = crs;
            o.fields["dws_written"] = c.dws_written_before_failure.size();
        }
        if (!o.has_record || st.command.compare(0, 4, "OID_") == 0) {
            // Arguments as written (without the command word).
            const auto sp = st.text.find_first_of(" \t");
            r.arguments = sp == std::string::npos ? "" : st.text.substr(sp + 1);
        }
        if (!o.has_record) {
            if (auto it = o.fields.find("return"); it != o.fields.end()) {
                // Refused before the stub found its model (bad Context/handle): no record.
                r.has_result = true;
                r.result = static_cast<int32_t>(static_cast<uint32_t>(it->second));
                r.result_text = o.return_family == "ndis"
                                    ? sw_stubs::ndis_status_name(static_cast<int32_t>(r.result))
                                    : sw_stubs::ntstatus_name(static_cast<int32_t>(r.result));
                r.refused = true;
                r.reason = "Context/handle is not the stub's";
            }
            if (o.fields.count("tlps") == 0) {
                o.fields["tlps"] = captured_tlps_.size() / 2; // requests and completions
            }
        }
        r.tlps = static_cast<unsigned>(o.fields["tlps"]);
        o.fields["latency_ns"] = (r.end_ps - r.start_ps) / 1000;
        unsigned failed = 0;
        check(st, r, o, failed);
        r.expectations = static_cast<unsigned>(st.expects.size());
        r.failed = failed;
        report(st, r, o);
        results_.push_back(r);
    }
    cpu.sync();
    finished_ = true;
    sc_core::sc_stop();
}

void runner::execute(const step& st, outcome& o) {
    const std::string& c = st.command;
    const command_spec* spec = find_command(c);
    const std::string family = spec->family;
    if (family == "bus" || family == "ndis" || family == "pcivirt") {
        call_api(st, o);
    } else if (c == "read" || c == "write" || c == "flr") {
        direct_access(st, o);
    } else if (c == "wait") {
        wait(ps_time(arg_num(st, "time")));
        o.note = "waited " + arg_text(st, "time");
    } else if (c == "echo") {
        o.note = arg_text(st, "text");
    } else if (c == "reset") {
        top_.ep.reset();
        bus.on_device_reset();
        ndis.on_device_reset();
        pcivirt.on_device_reset();
        o.note = "conventional reset";
    } else if (c == "crs_sv") {
        top_.rc.set_crs_software_visibility(arg_num(st, "on") != 0);
        o.note = arg_num(st, "on") != 0 ? "CRS SV on" : "CRS SV off";
    } else if (c == "drop_completions") {
        top_.ep.set_drop_completions(arg_num(st, "on") != 0);
        o.note = arg_num(st, "on") != 0 ? "endpoint drops completions" : "completions restored";
    } else if (c == "peek") {
        const routing_id rid = resolve(st.args.at("fn").fn);
        const uint64_t off = arg_num(st, "offset");
        const uint64_t len = std::min<uint64_t>(std::max<uint64_t>(arg_num(st, "length"), 1), 8);
        o.has_data = true;
        o.data_offset = off;
        o.data.assign(len, 0xFF);
        bool exists = true;
        for (uint64_t i = 0; i < len; ++i) {
            const uint64_t b = off + i;
            auto dw = top_.device.peek_dw(rid, static_cast<uint16_t>(b / 4 & 0x3FF));
            exists = exists && dw.has_value();
            if (dw) {
                o.data[i] = static_cast<uint8_t>(*dw >> (8 * (b % 4)));
            }
        }
        o.fields["exists"] = exists ? 1 : 0;
        o.fields["tlps"] = 0;
        o.note = to_string(rid);
    } else if (c == "linux_enable") {
        tb::enable_options eo;
        eo.pf = routing_id(top_.config().profile.pf_rid);
        eo.num_vfs = static_cast<uint16_t>(arg_num(st, "num_vfs"));
        const uint64_t tlps0 = top_.rc.tlps_sent();
        const tb::enable_report rep = tb::linux_sriov_enable(cpu, eo);
        cpu.sync();
        o.fields["ok"] = rep.ok ? 1 : 0;
        o.fields["num_vfs"] = rep.num_vfs;
        o.fields["total_vfs"] = rep.total_vfs;
        o.fields["first_vf_offset"] = rep.first_vf_offset;
        o.fields["vf_stride"] = rep.vf_stride;
        o.fields["config_accesses"] = rep.config_accesses;
        o.fields["tlps"] = top_.rc.tlps_sent() - tlps0;
        o.note = rep.ok ? "ok" : "failed: " + rep.error;
        if (out_ != nullptr) {
            std::fputs(tb::format_report(rep, top_.config().profile.vendor_id).c_str(), out_);
        }
    }
}

runner::access_result runner::access(tlm::tlm_command cmd, routing_id fn, uint16_t offset,
                                     uint8_t* data, unsigned length) {
    access_result r;
    r.info = ecam::transport(*direct.operator->(), qk_, cmd, fn, offset, data, length);
    r.response = r.info.response;
    qk_.sync(); // every step ends on the simulated time axis
    for (unsigned i = 0; i < length && i < 4; ++i) {
        r.value |= static_cast<uint32_t>(data[i]) << (8 * i);
    }
    return r;
}

void runner::direct_access(const step& st, outcome& o) {
    const routing_id rid = resolve(st.args.at("fn").fn);
    access_result res;
    unsigned tlps = 0;
    if (st.command == "flr") {
        uint8_t dc[2] = {};
        access_result rd = access(tlm::TLM_READ_COMMAND, rid, 0x78, dc, 2);
        tlps += rd.info.tlps_sent;
        res = rd;
        if (rd.response == tlm::TLM_OK_RESPONSE) {
            dc[1] |= 0x80; // Initiate FLR
            res = access(tlm::TLM_WRITE_COMMAND, rid, 0x78, dc, 2);
            tlps += res.info.tlps_sent;
            if (res.response == tlm::TLM_OK_RESPONSE &&
                st.args.at("fn").fn.type == function_ref::kind::pf) {
                // A PF FLR clears VF Enable: software's cached SR-IOV state is stale.
                bus.on_device_reset();
                ndis.on_device_reset();
                pcivirt.on_device_reset();
            }
        }
        o.note = "FLR " + to_string(rid);
    } else {
        const uint64_t off = arg_num(st, "offset");
        const uint64_t len = arg_num(st, "length");
        const bool is_write = st.command == "write";
        std::vector<uint8_t> buf(std::max<uint64_t>(len, 8), 0);
        if (is_write) {
            buf = data_bytes(st.args.at("value"), buf.size());
        }
        // An offset past 4 KiB is the next function's ECAM window, as on real hardware.
        res = access(is_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, rid,
                     static_cast<uint16_t>(off), buf.data(), static_cast<unsigned>(len));
        tlps = res.info.tlps_sent;
        if (!is_write) {
            o.has_data = true;
            o.data_offset = off;
            o.data.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(len));
        }
        o.note = to_string(rid);
    }
    uint64_t response = 0;
    switch (res.response) {
    case tlm::TLM_OK_RESPONSE:
        response = 0;
        break;
    case tlm::TLM_ADDRESS_ERROR_RESPONSE:
        response = 1;
        break;
    case tlm::TLM_COMMAND_ERROR_RESPONSE:
        response = 2;
        break;
    default:
        response = 3;
        break;
    }
    const bool ok = response == 0;
    o.fields["response"] = response;
    o.fields["status"] = ok                   ? 0
                         : response != 3      ? 0x200 // no TLP was sent
                         : res.info.timed_out ? 0x100
                                              : static_cast<uint64_t>(res.info.failed_status);
    o.fields["tlps"] = tlps;
    o.fields["crs_retries"] = res.info.crs_retries;
    o.fields["dws_completed"] = res.info.dws_completed;
    o.note += response == 3 || ok ? " " + status_name(o.fields["status"]) : "";
    if (!ok) {
        o.note += " (" + response_name(response) + ")";
    }
}

void runner::call_api(const step& st, outcome& o) {
    const std::string& c = st.command;
    const bool bad_context = arg_text(st, "Context") == "bad";
    const uint64_t len = arg_num(st, "Length");
    const uint64_t off = arg_num(st, "Offset");
    std::vector<uint8_t> buf(std::min<uint64_t>(std::max<uint64_t>(len, 8), 1u << 20), 0);
    const auto read_result = [&](bool ok, size_t at = 0) {
        o.has_data = ok;
        o.data_offset = off;
        if (ok) {
            o.data.assign(buf.begin() + static_cast<std::ptrdiff_t>(at),
                          buf.begin() + static_cast<std::ptrdiff_t>(at + len));
        }
    };
    auto u16 = [&](const char* n) { return static_cast<USHORT>(arg_num(st, n)); };
    auto ul = [&](const char* n) { return static_cast<ULONG>(arg_num(st, n)); };
    auto bl = [&](const char* n) { return static_cast<BOOLEAN>(arg_num(st, n) != 0); };

    if (st.args.count("Data") != 0 && !st.args.at("Data").is_null && c != "ReadVfConfig") {
        buf = data_bytes(st.args.at("Data"), buf.size());
    }
    if (st.args.count("Buffer") != 0 && st.args.at("Buffer").kind == value_kind::data &&
        !st.args.at("Buffer").is_null) {
        buf = data_bytes(st.args.at("Buffer"), buf.size());
    }
    const auto null_arg = [&](const char* n) {
        auto it = st.args.find(n);
        return it != st.args.end() && (it->second.is_null || it->second.text == "null");
    };

    // pci.sys
    std::optional<uint64_t> ret; // the routine's return value (VOID routines: none)
    PCI_VIRTUALIZATION_INTERFACE vi{};
    bus.fill_interface(vi);
    PVOID bus_ctx = bad_context ? static_cast<PVOID>(&bogus_context_target) : vi.Context;
    SRIOV_DEVICE_INTERFACE_STANDARD si{};
    pcivirt.fill_interface(si);
    PVOID pv_ctx = bad_context ? static_cast<PVOID>(&bogus_context_target) : si.Context;
    const std::string h = arg_text(st, "Handle");
    NDIS_HANDLE handle = h == "vf"    ? ndis.vf_miniport_handle()
                         : h == "bad" ? static_cast<NDIS_HANDLE>(&bogus_context_target)
                                      : ndis.miniport_handle();
    if (c == "EnableVirtualization") {
        ret = static_cast<uint32_t>(
            vi.EnableVirtualization(bus_ctx, u16("NumVFs"), bl("EnableVfMigration"),
                                    bl("EnableMigrationInterrupt"), bl("EnableVirtualization")));
    } else if (c == "SetVirtualFunctionData") {
        const ULONG n = vi.SetVirtualFunctionData(bus_ctx, u16("VirtualFunction"),
                                                  null_arg("Data") ? nullptr : buf.data(),
                                                  ul("Offset"), ul("Length"));
        o.fields["bytes"] = n;
        ret = n;
    } else if (c == "GetVirtualFunctionData") {
        const ULONG n = vi.GetVirtualFunctionData(bus_ctx, u16("VirtualFunction"),
                                                  null_arg("Buffer") ? nullptr : buf.data(),
                                                  ul("Offset"), ul("Length"));
        o.fields["bytes"] = n;
        ret = n;
        read_result(n == len && len != 0);
    } else if (c == "GetLocation") {
        UINT16 seg = 0;
        UINT8 busn = 0, fn = 0;
        ret = static_cast<uint32_t>(
            vi.GetLocation(bus_ctx, u16("VirtualFunction"), &seg, &busn, &fn));
        o.fields["SegmentNumber"] = seg;
        o.fields["BusNumber"] = busn;
        o.fields["FunctionNumber"] = fn;
    } else if (c == "GetResources") {
        UCHAR captured = 0;
        vi.GetResources(bus_ctx, &captured);
        o.fields["CapturedBusNumbers"] = captured;
    } else if (c == "GetVirtualFunctionProbedBars") {
        ULONG bars[6] = {};
        ret = static_cast<uint32_t>(vi.GetVirtualFunctionProbedBars(bus_ctx, bars));
        for (unsigned i = 0; i < 6; ++i) {
            o.fields["BaseRegisterValues" + std::to_string(i)] = bars[i];
        }
    } else if (c == "NdisMEnableVirtualization") {
        ret = static_cast<uint32_t>(
            NdisMEnableVirtualization(handle, u16("NumVFs"), bl("EnableVFMigration"),
                                      bl("EnableMigrationInterrupt"), bl("EnableVirtualization")));
    } else if (c == "NdisMSetVirtualFunctionBusData") {
        ret = NdisMSetVirtualFunctionBusData(handle, u16("VFId"),
                                             null_arg("Buffer") ? nullptr : buf.data(),
                                             ul("Offset"), ul("Length"));
        o.fields["bytes"] = *ret;
    } else if (c == "NdisMGetVirtualFunctionBusData") {
        const ULONG n = NdisMGetVirtualFunctionBusData(handle, u16("VFId"),
                                                       null_arg("Buffer") ? nullptr : buf.data(),
                                                       ul("Offset"), ul("Length"));
        o.fields["bytes"] = n;
        ret = n;
        read_result(n == len && len != 0);
    } else if (c == "OID_NIC_SWITCH_ALLOCATE_VF") {
        ret = static_cast<uint32_t>(ndis.allocate_vf(u16("VFId")));
    } else if (c == "OID_NIC_SWITCH_FREE_VF") {
        ret = static_cast<uint32_t>(ndis.free_vf(u16("VFId")));
    } else if (c == "OID_SRIOV_WRITE_VF_CONFIG_SPACE" || c == "OID_SRIOV_READ_VF_CONFIG_SPACE") {
        const bool write = c == "OID_SRIOV_WRITE_VF_CONFIG_SPACE";
        NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS p{};
        p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
        p.Header.Revision = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
        p.Header.Size = NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
        p.VFId = u16("VFId");
        p.Offset = ul("Offset");
        p.Length = ul("Length");
        p.BufferOffset = sizeof p;
        const size_t total = sizeof p + static_cast<size_t>(std::min<uint64_t>(len, 1u << 20));
        std::vector<uint8_t> info(total + 8, 0);
        std::memcpy(info.data(), &p, sizeof p);
        if (write) {
            std::copy_n(buf.begin(), std::min(buf.size(), total - sizeof p),
                        info.begin() + sizeof p);
        }
        NDIS_OID_REQUEST req{};
        req.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
        const std::string type = arg_text(st, "RequestType");
        const ULONG given = ul(write ? "InformationBufferLength" : "OutputBufferLength");
        if (write) {
            req.DATA.SET_INFORMATION.Oid = OID_SRIOV_WRITE_VF_CONFIG_SPACE;
            req.DATA.SET_INFORMATION.InformationBuffer = info.data();
            req.DATA.SET_INFORMATION.InformationBufferLength =
                given != 0 ? given : static_cast<UINT>(total);
        } else {
            req.DATA.METHOD_INFORMATION.Oid = OID_SRIOV_READ_VF_CONFIG_SPACE;
            req.DATA.METHOD_INFORMATION.InformationBuffer = info.data();
            req.DATA.METHOD_INFORMATION.InputBufferLength = sizeof p;
            req.DATA.METHOD_INFORMATION.OutputBufferLength =
                given != 0 ? given : static_cast<ULONG>(total);
        }
        req.RequestType = type == "method" ? NdisRequestMethod
                          : type == "set"  ? NdisRequestSetInformation
                                           : NdisRequestQueryInformation;
        const NDIS_STATUS s = ndis.oid_request(req);
        ret = static_cast<uint32_t>(s);
        if (write) {
            o.fields["bytes"] = req.DATA.SET_INFORMATION.BytesRead;
            o.fields["bytes_needed"] = req.DATA.SET_INFORMATION.BytesNeeded;
        } else {
            o.fields["bytes"] = req.DATA.METHOD_INFORMATION.BytesWritten;
            o.fields["bytes_needed"] = req.DATA.METHOD_INFORMATION.BytesNeeded;
            if (s == NDIS_STATUS_SUCCESS) {
                buf.assign(info.begin() + sizeof p,
                           info.begin() + static_cast<std::ptrdiff_t>(total));
                read_result(true);
            }
        }
    } else if (c == "EvtDevicePrepareHardware") {
        ret = static_cast<uint32_t>(pcivirt.prepare_hardware());
    } else if (c == "WriteVfConfig") {
        ret =
            static_cast<uint32_t>(si.WriteVfConfig(pv_ctx, null_arg("Data") ? nullptr : buf.data(),
                                                   u16("VfIndex"), ul("Offset"), ul("Length")));
    } else if (c == "ReadVfConfig") {
        const NTSTATUS s = si.ReadVfConfig(pv_ctx, null_arg("Data") ? nullptr : buf.data(),
                                           u16("VfIndex"), ul("Offset"), ul("Length"));
        ret = static_cast<uint32_t>(s);
        read_result(s == STATUS_SUCCESS && len != 0);
    } else if (c == "ResetVf") {
        ret = static_cast<uint32_t>(si.ResetVf(pv_ctx, u16("VfIndex")));
    } else if (c == "GetVendorAndDevice") {
        USHORT ven = 0, dev = 0;
        si.GetVendorAndDevice(si.Context, u16("VfIndex"), &ven, &dev);
        o.fields["VendorId"] = ven;
        o.fields["DeviceId"] = dev;
        o.fields["tlps"] = 0;
        o.note = "VendorId=" + hex(ven) + " DeviceId=" + hex(dev);
    } else if (c == "GetDeviceLocation") {
        UINT16 seg = 0;
        UINT8 busn = 0, fn = 0;
        si.GetDeviceLocation(si.Context, u16("VfIndex"), &seg, &busn, &fn);
        o.fields["SegmentNumber"] = seg;
        o.fields["BusNumber"] = busn;
        o.fields["FunctionNumber"] = fn;
        o.fields["tlps"] = 0;
        o.note = "segment " + std::to_string(seg) + " bus " + hex(busn) + " function " + hex(fn);
    }
    if (ret) {
        o.fields["return"] = *ret;
    }
    o.return_family = find_command(c)->family;
}

void runner::check(const step& st, const step_result& r, outcome& o, unsigned& failed) {
    for (const expectation& e : st.expects) {
        ++expectations_;
        uint64_t actual = 0;
        bool available = true;
        if (e.field == "data") {
            uint64_t from = o.data_offset;
            uint64_t n = o.data.size();
            if (e.data_slice) {
                from = e.slice_offset;
                n = e.slice_length;
            }
            if (!o.has_data || from < o.data_offset || from + n > o.data_offset + o.data.size()) {
                available = false;
            } else {
                for (uint64_t i = 0; i < n; ++i) {
                    actual |= static_cast<uint64_t>(o.data[from - o.data_offset + i]) << (8 * i);
                }
            }
        } else if (auto it = o.fields.find(e.field); it != o.fields.end()) {
            actual = it->second;
        } else {
            available = false;
        }
        uint64_t a = actual, x = e.expected;
        if (e.mask) {
            a &= *e.mask;
            x &= *e.mask;
        }
        bool pass = available;
        if (available) {
            switch (e.op) {
            case compare_op::eq:
                pass = a == x;
                break;
            case compare_op::ne:
                pass = a != x;
                break;
            case compare_op::lt:
                pass = a < x;
                break;
            case compare_op::le:
                pass = a <= x;
                break;
            case compare_op::gt:
                pass = a > x;
                break;
            case compare_op::ge:
                pass = a >= x;
                break;
            }
        }
        if (pass) {
            continue;
        }
        ++failed;
        ++failures_;
        const auto show = [&](uint64_t v) -> std::string {
            if (e.field == "return") {
                const auto s32 = static_cast<int32_t>(static_cast<uint32_t>(v));
                std::string name = o.return_family == "ndis" ? sw_stubs::ndis_status_name(s32)
                                                             : sw_stubs::ntstatus_name(s32);
                if (o.has_record && o.record.kind == sw_stubs::result_kind::bytes) {
                    return std::to_string(v) + " (bytes)";
                }
                return name + " (" + hex(v) + ")";
            }
            if (e.field == "status")
                return status_name(v);
            if (e.field == "response")
                return response_name(v);
            if (fields_are_counts(e.field))
                return std::to_string(v);
            return hex(v);
        };
        std::string msg =
            sc_.source + ":" + std::to_string(e.line) + ": step " + std::to_string(r.index) + " (" +
            r.name + " " + r.arguments + ", line " + std::to_string(st.line) +
            "): expectation failed: " + e.text + "\n    expected: " + std::string(to_string(e.op)) +
            " " + show(e.expected) + (e.mask ? " (mask " + hex(*e.mask) + ")" : "") +
            "\n    actual:   " +
            (available ? show(actual) + (e.mask ? " (masked " + show(a) + ")" : std::string())
                       : std::string("not available (the call returned no data)"));
        if (!r.reason.empty()) {
            msg += "\n    reason:   " + r.reason;
        }
        messages_.push_back(msg);
    }
}

void runner::report(const step& st, step_result& r, const outcome& o) {
    std::string result;
    if (r.has_result) {
        char b[32];
        std::snprintf(b, sizeof b, " (0x%08" PRIX32 ")", static_cast<uint32_t>(r.result));
        result = r.result_text + (r.result_text.find("byte") == std::string::npos ? b : "");
        if (r.refused) {
            result += " refused: " + r.reason;
        } else if (!r.reason.empty()) {
            result += " failed: " + r.reason;
        }
        if (!o.note.empty()) {
            result += " " + o.note;
        }
    } else {
        result = o.note;
    }
    if (o.has_data && !o.data.empty() && o.data.size() <= 8) {
        uint64_t v = 0;
        for (size_t i = 0; i < o.data.size(); ++i) {
            v |= static_cast<uint64_t>(o.data[i]) << (8 * i);
        }
        char b[40];
        std::snprintf(b, sizeof b, " data=0x%0*" PRIX64, static_cast<int>(o.data.size() * 2), v);
        result += b;
    }
    r.result_text = r.has_result ? r.result_text : o.note;
    if (st.expects.size() != 0) {
        result += r.failed == 0 ? "  [" + std::to_string(st.expects.size()) + " ok]"
                                : "  [" + std::to_string(r.failed) + " of " +
                                      std::to_string(st.expects.size()) + " FAILED]";
    }
    if (out_ != nullptr) {
        char lat[32] = "";
        if (r.end_ps != r.start_ps || r.tlps != 0) {
            std::snprintf(lat, sizeof lat, "%.1f",
                          static_cast<double>(r.end_ps - r.start_ps) / 1e3);
        }
        std::fprintf(out_, "%-3u %14.3f  %-31s %-54s %4u %14s  %s\n", r.index,
                     static_cast<double>(r.start_ps) / 1e6, r.name.c_str(), r.arguments.c_str(),
                     r.tlps, lat, result.c_str());
        const size_t first = messages_.size() - r.failed;
        for (size_t i = first; i < messages_.size(); ++i) {
            std::fprintf(out_, "FAIL %s\n", messages_[i].c_str());
        }
    }
    for (size_t i = messages_.size() - r.failed; i < messages_.size(); ++i) {
        SC_REPORT_INFO_VERB(msg_type, messages_[i].c_str(), sc_core::SC_MEDIUM);
    }
    if (log_ != nullptr) {
        nlohmann::ordered_json j;
        j["time_ps"] = r.start_ps;
        j["kind"] = o.has_record ? "api_call" : "scenario_step";
        j["step"] = r.index;
        j["line"] = r.line;
        if (o.has_record) {
            const auto& c = o.record;
            j["family"] = sw_stubs::to_string(c.family);
            j["api"] = c.api;
            j["arguments"] = sw_stubs::format_arguments(c.arguments);
            j["result"] = c.result;
            j["result_text"] = sw_stubs::result_text(c.kind, c.result);
            j["refused"] = c.refused();
            j["reason"] = c.reason;
            j["config_accesses"] = o.fields.at("config_accesses");
            j["crs_retries"] = o.fields.at("crs_retries");
            j["dws_written_before_failure"] = c.dws_written_before_failure;
        } else {
            j["command"] = st.command;
            j["arguments"] = r.arguments;
            j["result_text"] = o.note;
            nlohmann::ordered_json f = nlohmann::ordered_json::object();
            for (const auto& [k, v] : o.fields) {
                f[k] = v;
            }
            j["fields"] = f;
        }
        j["tlp_count"] = r.tlps;
        j["tlps"] = captured_tlps_;
        j["start_ps"] = r.start_ps;
        j["end_ps"] = r.end_ps;
        j["expectations"] = st.expects.size();
        j["failed"] = r.failed;
        log_->write(j);
    }
}

} // namespace sriov::scenario
