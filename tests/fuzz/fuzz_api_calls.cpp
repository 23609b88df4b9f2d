// libFuzzer target for the Windows API layer on a live platform (root
// complex + link + endpoint): the input is a sequence of API calls and
// root-complex accesses with arbitrary arguments. Invariants:
//  - nothing crashes, overflows or hangs (ASan/UBSan in the libFuzzer build);
//  - a refused call sends no TLP and leaves the PF's config space as it was;
//  - the byte-count routines return 0 or exactly Length;
//  - every NTSTATUS / NDIS_STATUS returned is one the stubs document;
//  - no SystemC error is reported (warnings are the model's answers to misuse).
// The platform is elaborated once; every input starts from a conventional
// reset of the device and of the software's cached state.
#include "sriov/pcie/registers.h"
#include "sriov/sw_stubs/ndis_pf_miniport.h"
#include "sriov/sw_stubs/pci_virtualization_bus.h"
#include "sriov/sw_stubs/pcivirt_pf_driver.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/platform.h"
#include "stub_platform.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <systemc>
#include <vector>

namespace {

using namespace sriov;
using namespace sriov::sw_stubs;

[[noreturn]] void fail(const char* what, const char* api) {
    std::fprintf(stderr, "fuzz_api_calls invariant broken: %s (%s)\n", what, api);
    std::abort();
}

// Reads the input as little-endian fields; past the end every field is 0.
class input {
public:
    input(const uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool empty() const { return p_ == end_; }
    template <typename T>
    T take() {
        uint64_t v = 0;
        for (std::size_t i = 0; i < sizeof(T) && p_ != end_; ++i) {
            v |= static_cast<uint64_t>(*p_++) << (8 * i);
        }
        return static_cast<T>(v);
    }
    // Small numbers most of the time (they reach past validation), any value sometimes.
    uint32_t length() {
        const uint8_t pick = take<uint8_t>();
        return pick < 0xF0 ? take<uint8_t>() % 72 : take<uint32_t>();
    }
    uint32_t offset() {
        const uint8_t pick = take<uint8_t>();
        return pick < 0xF0 ? take<uint16_t>() % 0x1100 : take<uint32_t>();
    }
    uint16_t vf() {
        const uint8_t pick = take<uint8_t>();
        return pick < 0xF0 ? pick % 10 : take<uint16_t>();
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

using test::fast_stub_platform;
using test::fast_stub_waits;

constexpr uint64_t completion_timeout_ps = 10'000'000; // 10 us: dropped completions stay cheap

struct rig : sc_core::sc_module {
    tb::platform top{"top", fast_stub_platform(completion_timeout_ps)};
    pci_virtualization_bus bus{"bus", routing_id(top.config().profile.pfs[0].pf_rid),
                               fast_stub_waits()};
    ndis_pf_miniport ndis{"ndis", routing_id(top.config().profile.pfs[0].pf_rid),
                          fast_stub_waits()};
    pcivirt_pf_driver pcivirt{"pcivirt", routing_id(top.config().profile.pfs[0].pf_rid),
                              fast_stub_waits()};
    tb::host_cpu cpu{"cpu"};
    PCI_VIRTUALIZATION_INTERFACE vbd{};

    explicit rig(sc_core::sc_module_name n) : sc_core::sc_module(n) {
        bus.socket.bind(top.rc.ecam);
        ndis.socket.bind(top.rc.ecam);
        pcivirt.socket.bind(top.rc.ecam);
        cpu.socket.bind(top.rc.ecam);
        bus.fill_interface(vbd);
    }
};

struct last_call : api_call_observer {
    api_call_record rec;
    bool seen = false;
    void on_call(const api_call_record& r) override {
        rec = r;
        seen = true;
    }
};

rig* g_rig = nullptr;
last_call g_last;
int bogus_context = 0; // a pointer that is no stub's Context or handle

void setup() {
    // SystemC errors are findings; warnings are the model answering misuse.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR,
                                            sc_core::SC_DISPLAY | sc_core::SC_ABORT);
    g_rig = new rig("fuzz"); // lives for the process: SystemC cannot elaborate twice
    g_rig->bus.set_observer(&g_last);
    g_rig->ndis.set_observer(&g_last);
    g_rig->pcivirt.set_observer(&g_last);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
}

std::array<uint32_t, 1024> pf_space(rig& r) {
    std::array<uint32_t, 1024> s{};
    const routing_id pf(r.top.config().profile.pfs[0].pf_rid);
    for (uint16_t dw = 0; dw < 1024; ++dw) {
        s[dw] = r.top.device.peek_dw(pf, dw).value_or(0xFFFFFFFF);
    }
    return s;
}

bool documented(result_kind kind, int64_t result) {
    const auto s = static_cast<int32_t>(result);
    switch (kind) {
    case result_kind::ntstatus:
        return ntstatus_name(s).rfind("NTSTATUS ", 0) != 0;
    case result_kind::ndis_status:
        return ndis_status_name(s).rfind("NDIS_STATUS ", 0) != 0;
    case result_kind::bytes:
    case result_kind::none:
        break;
    }
    return true;
}

// Checks one stub call's record against the invariants.
void check(rig& r, uint64_t tlps_before, const std::array<uint32_t, 1024>& pf_before,
           uint32_t length) {
    if (!g_last.seen) {
        return; // refused before the stub found its model (bad Context or handle)
    }
    const api_call_record& rec = g_last.rec;
    if (rec.refused()) {
        if (r.top.rc.tlps_sent() != tlps_before || rec.tlps != 0) {
            fail("a refused call sent a TLP", rec.api);
        }
        if (pf_space(r) != pf_before) {
            fail("a refused call changed the PF's config space", rec.api);
        }
    }
    if (rec.kind == result_kind::bytes && rec.result != 0 && rec.result != length) {
        fail("a byte-count routine returned neither 0 nor Length", rec.api);
    }
    if (!documented(rec.kind, rec.result)) {
        fail("an undocumented status value", rec.api);
    }
}

ULONG data_call(rig& r, input& in, uint8_t op, std::vector<uint8_t>& buf) {
    const uint16_t vf = in.vf();
    const uint32_t off = in.offset();
    const uint32_t len = in.length();
    void* b = in.take<uint8_t>() == 0xFF ? nullptr : buf.data();
    for (std::size_t i = 0; i < 8; ++i) {
        buf[i] = in.take<uint8_t>();
    }
    PVOID ctx = in.take<uint8_t>() == 0xFF ? &bogus_context : r.vbd.Context;
    switch (op) {
    case 0:
        return r.vbd.SetVirtualFunctionData(ctx, vf, b, off, len);
    case 1:
        return r.vbd.GetVirtualFunctionData(ctx, vf, b, off, len);
    case 2:
        return NdisMSetVirtualFunctionBusData(r.ndis.miniport_handle(), vf, b, off, len);
    case 3:
        return NdisMGetVirtualFunctionBusData(r.ndis.miniport_handle(), vf, b, off, len);
    case 4:
        return static_cast<ULONG>(r.pcivirt.write_vf_config(b, vf, off, len));
    default:
        return static_cast<ULONG>(r.pcivirt.read_vf_config(b, vf, off, len));
    }
}

void oid_call(rig& r, input& in) {
    const bool write = (in.take<uint8_t>() & 1) != 0;
    NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS p{};
    p.Header.Type = in.take<uint8_t>() < 0xF0 ? NDIS_OBJECT_TYPE_DEFAULT : in.take<uint8_t>();
    p.Header.Revision = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    p.Header.Size = NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    p.VFId = in.vf();
    p.Offset = in.offset();
    p.Length = in.length();
    p.BufferOffset = in.take<uint8_t>() < 0xF0 ? sizeof p : in.take<uint16_t>();
    // The OID handler trusts NDIS's buffer lengths: the buffer really is that long.
    const uint32_t given =
        in.take<uint8_t>() < 0xF0 ? sizeof p + p.Length % 8192 : in.take<uint16_t>();
    std::vector<uint8_t> info(std::max<std::size_t>(given, sizeof p), 0);
    std::memcpy(info.data(), &p, sizeof p);
    NDIS_OID_REQUEST req{};
    req.RequestType = write ? NdisRequestSetInformation : NdisRequestMethod;
    if (write) {
        req.DATA.SET_INFORMATION.Oid = OID_SRIOV_WRITE_VF_CONFIG_SPACE;
        req.DATA.SET_INFORMATION.InformationBuffer = info.data();
        req.DATA.SET_INFORMATION.InformationBufferLength = given;
    } else {
        req.DATA.METHOD_INFORMATION.Oid = OID_SRIOV_READ_VF_CONFIG_SPACE;
        req.DATA.METHOD_INFORMATION.InformationBuffer = info.data();
        req.DATA.METHOD_INFORMATION.InputBufferLength = std::min<uint32_t>(given, sizeof p);
        req.DATA.METHOD_INFORMATION.OutputBufferLength = given;
    }
    r.ndis.oid_request(req);
}

void direct_access(rig& r, input& in, std::vector<uint8_t>& buf) {
    const uint8_t which = in.take<uint8_t>();
    const routing_id pf(r.top.config().profile.pfs[0].pf_rid);
    const routing_id fn = which < 0x80   ? pf
                          : which < 0xF0 ? r.top.device.vf_rid(which % 10)
                                         : routing_id(in.take<uint16_t>());
    const auto off = static_cast<uint16_t>(in.offset());
    const uint32_t len = in.length();
    const bool write = (in.take<uint8_t>() & 1) != 0;
    for (std::size_t i = 0; i < 8; ++i) {
        buf[i] = in.take<uint8_t>();
    }
    // The buffer is 8 KiB: an access the root complex accepted past 4 KiB overflows it (ASan).
    r.cpu.access(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, fn, off, buf.data(), len);
    r.cpu.sync();
}

// One operation of the input.
void step(rig& r, input& in, std::vector<uint8_t>& buf) {
    const uint8_t op = in.take<uint8_t>() % 14;
    g_last.seen = false;
    const uint64_t tlps = r.top.rc.tlps_sent();
    const auto pf_before = pf_space(r);
    uint32_t length = 0;
    switch (op) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5: {
        input peek = in; // the Length the call gets, for the byte-count check
        peek.vf();
        peek.offset();
        length = peek.length();
        data_call(r, in, op, buf);
        break;
    }
    case 6:
    case 7: {
        const uint8_t h = in.take<uint8_t>(); // NDIS: which handle
        const auto num_vfs = static_cast<uint16_t>(in.take<uint16_t>() % 80);
        const uint8_t flags = in.take<uint8_t>(); // migration, its interrupt, enable
        const BOOLEAN mig = flags & 1, mig_int = (flags >> 1) & 1, enable = (flags >> 2) & 1;
        if (op == 6) {
            r.bus.enable_virtualization(num_vfs, mig, mig_int, enable);
            break;
        }
        NDIS_HANDLE handle = h < 0xE0   ? r.ndis.miniport_handle()
                             : h < 0xF0 ? r.ndis.vf_miniport_handle()
                                        : static_cast<NDIS_HANDLE>(&bogus_context);
        NdisMEnableVirtualization(handle, num_vfs, mig, mig_int, enable);
        break;
    }
    case 8:
        oid_call(r, in);
        break;
    case 9:
        (in.take<uint8_t>() & 1) != 0 ? r.ndis.allocate_vf(in.vf()) : r.ndis.free_vf(in.vf());
        break;
    case 10:
        r.ndis.register_virtual_bus_driver((in.take<uint8_t>() & 1) != 0 ? &r.vbd : nullptr);
        return; // no call record
    case 11:
        (in.take<uint8_t>() & 1) != 0 ? r.pcivirt.prepare_hardware() : r.pcivirt.reset_vf(in.vf());
        break;
    case 12: {
        UINT16 seg = 0;
        UINT8 bus = 0, fn = 0;
        r.bus.get_location(in.vf(), &seg, &bus, &fn);
        break;
    }
    default:
        direct_access(r, in, buf);
        return; // not a stub call
    }
    check(r, tlps, pf_before, length);
}

void run_input(rig& r, const uint8_t* data, std::size_t size) {
    input in(data, size);
    std::vector<uint8_t> buf(8192, 0);
    for (unsigned n = 0; n < 48 && !in.empty(); ++n) {
        step(r, in, buf);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    if (g_rig == nullptr) {
        setup();
    }
    rig& r = *g_rig;
    r.top.ep.set_drop_completions(false);
    r.top.ep.reset();
    r.bus.on_device_reset();
    r.ndis.on_device_reset();
    r.ndis.register_virtual_bus_driver(nullptr);
    r.pcivirt.on_device_reset();
    sc_core::sc_spawn([&r, data, size] { run_input(r, data, size); });
    sc_core::sc_start();
    return 0;
}
