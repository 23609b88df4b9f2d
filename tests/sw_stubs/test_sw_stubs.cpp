// Conformance tests of the software stub layer (docs/sw-stubs.md): every
// documented return rule and bad input of the three API families, no TLP for
// refused calls, in-flight failures (UR, CA, CRS, timeout), the call log, and
// the example driver (sw-stubs/example) driving the model through its entry
// points. The families drive the real platform (tb/platform: root complex,
// link, endpoint); in-flight failures come from the endpoint's fault
// injection. One elaboration; each TEST runs its body in a spawned SC_THREAD.
#include "example_pf_driver.h"
#include "sc_report_guard.h"
#include "sriov/sw_stubs/ndis_pf_miniport.h"
#include "sriov/sw_stubs/pci_virtualization_bus.h"
#include "sriov/sw_stubs/pcivirt_pf_driver.h"
#include "sriov/tb/platform.h"
#include "stub_platform.h"
#include "stub_rig.h"

#include <array>
#include <cstring>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <vector>

namespace sriov::test {
namespace {

using namespace sriov::sw_stubs;
using endpoint::fault_kind;

} // namespace

void elaborate() {
    g_rig = std::make_unique<rig>();
}

namespace {

// After `after` requests, the next `count` (0: all until cleared) get `kind`.
void inject(rig& r, fault_kind kind, unsigned after = 0, unsigned count = 1) {
    r.top.ep.inject_fault({kind, after, count});
}

// Asserts that `call` sends no TLP and makes no config access at all.
template <typename F>
auto no_tlp(rig& r, F call) {
    const uint64_t before = r.top.rc.tlps_sent();
    const size_t calls = r.log.calls.size();
    auto result = call();
    EXPECT_EQ(r.top.rc.tlps_sent(), before) << "a refused call sent a TLP";
    for (size_t i = calls; i < r.log.calls.size(); ++i) {
        EXPECT_EQ(r.log.calls[i].config_accesses, 0u) << r.log.calls[i].api;
    }
    return result;
}

// The interface structure a driver gets from WdfFdoQueryForInterface (version 1).
template <typename Interface>
Interface query(WDFDEVICE device, const GUID& type) {
    Interface i{};
    EXPECT_EQ(WdfFdoQueryForInterface(device, &type, reinterpret_cast<PINTERFACE>(&i), sizeof(i), 1,
                                      nullptr),
              STATUS_SUCCESS);
    return i;
}

PCI_VIRTUALIZATION_INTERFACE query_bus(rig& r) {
    return query<PCI_VIRTUALIZATION_INTERFACE>(r.bus.wdf_device(),
                                               GUID_PCI_VIRTUALIZATION_INTERFACE);
}

uint16_t vf_command(rig& r, uint16_t vf) {
    return static_cast<uint16_t>(*r.dev.peek_dw(r.dev.vf_rid(vf), 1) & 0xFFFF);
}

bool any_write(const rig& r) {
    for (const auto& t : r.wire.requests) {
        if (is_write(t.type)) {
            return true;
        }
    }
    return false;
}

// ---------------------------------------------------------------- values

TEST(WinHeaders, StatusValuesAreTheRealOnes) {
    EXPECT_EQ(static_cast<uint32_t>(STATUS_SUCCESS), 0u);
    EXPECT_EQ(static_cast<uint32_t>(STATUS_INVALID_PARAMETER), 0xC000000Du);
    EXPECT_EQ(static_cast<uint32_t>(STATUS_INVALID_DEVICE_STATE), 0xC0000184u);
    EXPECT_EQ(static_cast<uint32_t>(STATUS_NOT_SUPPORTED), 0xC00000BBu);
    EXPECT_EQ(static_cast<uint32_t>(STATUS_IO_TIMEOUT), 0xC00000B5u);
    EXPECT_EQ(static_cast<uint32_t>(STATUS_NO_SUCH_DEVICE), 0xC000000Eu);
    EXPECT_EQ(static_cast<uint32_t>(NDIS_STATUS_FAILURE), 0xC0000001u);
    EXPECT_EQ(static_cast<uint32_t>(NDIS_STATUS_INVALID_PARAMETER), 0xC000000Du);
    EXPECT_EQ(static_cast<uint32_t>(NDIS_STATUS_INVALID_LENGTH), 0xC0010014u);
    EXPECT_EQ(static_cast<uint32_t>(NDIS_STATUS_NOT_SUPPORTED), 0xC00000BBu);
    EXPECT_FALSE(NT_SUCCESS(STATUS_INVALID_PARAMETER));
    EXPECT_TRUE(NT_SUCCESS(STATUS_SUCCESS));
    EXPECT_EQ(sizeof(ULONG), 4u);
    EXPECT_EQ(NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1, 20u);
    EXPECT_EQ(OID_SRIOV_WRITE_VF_CONFIG_SPACE, 0x00010252u);
    EXPECT_EQ(OID_SRIOV_READ_VF_CONFIG_SPACE, 0x00010251u);
}

// ------------------------------------------------ PCI virtualization interface

TEST(PciVirtualization, QueryInterfaceFillsTheStructure) {
    run([](rig& r) {
        no_tlp(r, [&] {
            PCI_VIRTUALIZATION_INTERFACE vi = query_bus(r);
            EXPECT_EQ(vi.Size, sizeof(vi));
            EXPECT_EQ(vi.Version, 1);
            EXPECT_EQ(vi.Context, static_cast<void*>(&r.bus));
            EXPECT_NE(vi.SetVirtualFunctionData, nullptr);
            EXPECT_NE(vi.GetVirtualFunctionData, nullptr);
            EXPECT_NE(vi.GetLocation, nullptr);
            EXPECT_NE(vi.GetResources, nullptr);
            EXPECT_NE(vi.EnableVirtualization, nullptr);
            EXPECT_NE(vi.GetVirtualFunctionProbedBars, nullptr);
            const int refs = r.bus.interface_references();
            vi.InterfaceDereference(vi.Context);
            EXPECT_EQ(r.bus.interface_references(), refs - 1);
            PCI_VIRTUALIZATION_INTERFACE small{};
            EXPECT_EQ(WdfFdoQueryForInterface(r.bus.wdf_device(),
                                              &GUID_PCI_VIRTUALIZATION_INTERFACE,
                                              reinterpret_cast<PINTERFACE>(&small), 8, 1, nullptr),
                      STATUS_INVALID_PARAMETER);
            EXPECT_EQ(WdfFdoQueryForInterface(
                          r.bus.wdf_device(), &GUID_SRIOV_DEVICE_INTERFACE_STANDARD,
                          reinterpret_cast<PINTERFACE>(&small), sizeof(small), 1, nullptr),
                      STATUS_NOT_SUPPORTED);
            EXPECT_EQ(WdfFdoQueryForInterface(nullptr, &GUID_PCI_VIRTUALIZATION_INTERFACE,
                                              reinterpret_cast<PINTERFACE>(&small), sizeof(small),
                                              1, nullptr),
                      STATUS_INVALID_PARAMETER);
            return 0;
        });
    });
}

TEST(PciVirtualization, EnableVirtualizationReturnRules) {
    run([](rig& r) {
        auto vi = query_bus(r);
        // Argument rules: no TLP at all.
        EXPECT_EQ(
            no_tlp(r, [&] { return vi.EnableVirtualization(vi.Context, 0, FALSE, FALSE, TRUE); }),
            STATUS_INVALID_PARAMETER);
        EXPECT_EQ(
            no_tlp(r, [&] { return vi.EnableVirtualization(vi.Context, 3, FALSE, FALSE, FALSE); }),
            STATUS_INVALID_PARAMETER);
        EXPECT_EQ(
            no_tlp(r, [&] { return vi.EnableVirtualization(vi.Context, 3, FALSE, TRUE, TRUE); }),
            STATUS_INVALID_PARAMETER);
        EXPECT_EQ(
            no_tlp(r, [&] { return vi.EnableVirtualization(nullptr, 3, FALSE, FALSE, TRUE); }),
            STATUS_INVALID_PARAMETER);
        // Rules that need TotalVFs / the current state: reads only, nothing written.
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 65, FALSE, FALSE, TRUE),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 2, TRUE, FALSE, TRUE),
                  STATUS_INVALID_PARAMETER)
            << "migration on a device without VF migration";
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 0, FALSE, FALSE, FALSE),
                  STATUS_INVALID_DEVICE_STATE);
        EXPECT_FALSE(any_write(r));
        EXPECT_FALSE(r.dev.vf_enable());

        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 64, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        EXPECT_TRUE(r.dev.vf_enable());
        EXPECT_EQ(r.dev.num_vfs(), 64);
        EXPECT_TRUE(r.dev.ari_capable_hierarchy());
        EXPECT_EQ(r.bus.cached_sriov_state().first_vf_offset, r.dev.first_vf_offset());
        r.wire.requests.clear();
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE),
                  STATUS_INVALID_DEVICE_STATE);
        EXPECT_FALSE(any_write(r));
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 0, FALSE, FALSE, FALSE), STATUS_SUCCESS);
        EXPECT_FALSE(r.dev.vf_enable());
        EXPECT_EQ(r.dev.num_vfs(), 0);
    });
}

TEST(PciVirtualization, SetAndGetVirtualFunctionData) {
    run([](rig& r) {
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 8, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        USHORT cmd = 0x0004; // Bus Master Enable
        const uint64_t before = r.top.rc.tlps_sent();
        EXPECT_EQ(vi.SetVirtualFunctionData(vi.Context, 3, &cmd, 0x04, 2), 2u);
        EXPECT_EQ(r.top.rc.tlps_sent(), before + 1);
        EXPECT_EQ(r.wire.requests.back().completer.value, r.dev.vf_rid(3).value);
        EXPECT_EQ(r.wire.requests.back().first_be, 0x3);
        EXPECT_EQ(vf_command(r, 3), 0x0004);
        EXPECT_EQ(vf_command(r, 2), 0x0000);
        USHORT back = 0;
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 3, &back, 0x04, 2), 2u);
        EXPECT_EQ(back, 0x0004);
        std::array<unsigned char, 64> hdr{};
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 7, hdr.data(), 0, 64), 64u);
        EXPECT_EQ(hdr[0], 0xFF); // VF Vendor ID reads 0xFFFF
        EXPECT_EQ(hdr[1], 0xFF);
        EXPECT_EQ(hdr[0x34], 0x50); // capabilities pointer
        std::vector<unsigned char> all(4096);
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 0, all.data(), 0, 4096), 4096u);
        // Unaligned 3 bytes across a DW boundary: two TLPs, neighbours untouched.
        const uint64_t b2 = r.top.rc.tlps_sent();
        unsigned char three[3] = {0xAA, 0x04, 0x00}; // Device ID high (RO), Command
        EXPECT_EQ(vi.SetVirtualFunctionData(vi.Context, 3, three, 0x03, 3), 3u);
        EXPECT_EQ(r.top.rc.tlps_sent(), b2 + 2);
        EXPECT_EQ(r.wire.requests[r.wire.requests.size() - 2].first_be, 0x8);
        EXPECT_EQ(r.wire.requests.back().first_be, 0x3);
        EXPECT_EQ(vf_command(r, 3), 0x0004);
        EXPECT_EQ(*r.dev.peek_dw(r.dev.vf_rid(3), 0), 0xFFFFFFFFu) << "VF IDs stay 0xFFFF";
        EXPECT_EQ(*r.dev.peek_dw(r.dev.vf_rid(3), 1) >> 16, 0x0010u) << "Status untouched";
    });
}

TEST(PciVirtualization, InvalidCallsSendNoTlpAndReturnZero) {
    run([](rig& r) {
        auto vi = query_bus(r);
        unsigned char buf[8] = {};
        // VFs not enabled yet.
        EXPECT_EQ(no_tlp(r, [&] { return vi.SetVirtualFunctionData(vi.Context, 0, buf, 0, 4); }),
                  0u);
        EXPECT_EQ(no_tlp(r, [&] { return vi.GetVirtualFunctionData(vi.Context, 0, buf, 0, 4); }),
                  0u);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        for (bool write : {true, false}) {
            auto call = [&](PVOID ctx, USHORT vf, PVOID b, ULONG off, ULONG len) {
                return no_tlp(r, [&] {
                    return write ? vi.SetVirtualFunctionData(ctx, vf, b, off, len)
                                 : vi.GetVirtualFunctionData(ctx, vf, b, off, len);
                });
            };
            EXPECT_EQ(call(vi.Context, 0, nullptr, 0, 4), 0u) << "null buffer";
            EXPECT_EQ(call(vi.Context, 0, buf, 0, 0), 0u) << "Length 0";
            EXPECT_EQ(call(vi.Context, 0, buf, 4095, 2), 0u) << "Offset + Length > 4096";
            EXPECT_EQ(call(vi.Context, 0, buf, 4096, 1), 0u) << "Offset 4096";
            EXPECT_EQ(call(vi.Context, 0, buf, 0xFFFFFFFFu, 2), 0u) << "overflowing Offset";
            EXPECT_EQ(call(vi.Context, 4, buf, 0, 4), 0u) << "VF index == NumVFs";
            EXPECT_EQ(call(vi.Context, 0xFFFF, buf, 0, 4), 0u) << "VF index 0xFFFF";
            EXPECT_EQ(call(&r, 0, buf, 0, 4), 0u) << "not a bus Context";
        }
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 3, buf, 4092, 4), 4u) << "last DW is fine";
        unsigned refused = 0;
        for (const auto& c : r.log.calls) {
            refused += c.refused() ? 1 : 0;
        }
        EXPECT_GE(refused, 16u);
    });
}

TEST(PciVirtualization, GetLocation) {
    run([](rig& r) {
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 64, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        UINT16 seg = 7;
        UINT8 bus = 0, fn = 0;
        EXPECT_EQ(no_tlp(r, [&] { return vi.GetLocation(vi.Context, 0, &seg, &bus, &fn); }),
                  STATUS_SUCCESS);
        EXPECT_EQ(seg, 0);
        EXPECT_EQ(bus, r.dev.vf_rid(0).bus());
        EXPECT_EQ(fn, r.dev.vf_rid(0).ari_function());
        EXPECT_EQ(vi.GetLocation(vi.Context, 63, &seg, &bus, &fn), STATUS_SUCCESS);
        EXPECT_EQ(static_cast<uint16_t>(bus << 8 | fn), r.dev.vf_rid(63).value);
        EXPECT_EQ(no_tlp(r, [&] { return vi.GetLocation(vi.Context, 64, &seg, &bus, &fn); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return vi.GetLocation(vi.Context, 65, &seg, &bus, &fn); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return vi.GetLocation(vi.Context, 0, nullptr, &bus, &fn); }),
                  STATUS_INVALID_PARAMETER);
        UCHAR captured = 0xAA;
        vi.GetResources(vi.Context, &captured);
        EXPECT_EQ(captured, r.dev.vf_rid(63).bus() - 1);
    });
}

TEST(PciVirtualization, InFlightFailuresReturnZeroAndLogTheWrittenDws) {
    run([](rig& r) {
        sc_report_expectation warn("sriov/sw_stubs/pci_virtualization", 2);
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        // 12-byte write to VF 1 at 0x50 (MSI-X header, Message Control at 0x52):
        // the second DW answers UR.
        unsigned char data[12] = {0, 0, 0x00, 0xC0, 1, 2, 3, 4, 5, 6, 7, 8};
        inject(r, fault_kind::unsupported_request, 1);
        r.log.calls.clear();
        EXPECT_EQ(vi.SetVirtualFunctionData(vi.Context, 1, data, 0x50, 12), 0u);
        ASSERT_EQ(r.log.calls.size(), 1u);
        const auto& rec = r.log.calls[0];
        EXPECT_FALSE(rec.refused());
        EXPECT_EQ(rec.tlps, 2u) << "the third DW is not sent";
        ASSERT_EQ(rec.dws_written_before_failure.size(), 1u);
        EXPECT_EQ(rec.dws_written_before_failure[0], 0x50);
        EXPECT_NE(rec.reason.find("UR"), std::string::npos) << rec.reason;
        EXPECT_EQ(*r.dev.peek_dw(r.dev.vf_rid(1), 0x52 / 4) >> 16 & 0xC000, 0xC000u)
            << "the DW before the failure was written";
        // Read that times out.
        unsigned char buf[8] = {};
        inject(r, fault_kind::drop_completion);
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 1, buf, 0, 8), 0u);
        EXPECT_NE(r.log.calls.back().reason.find("timeout"), std::string::npos);
        EXPECT_EQ(buf[0], 0xFF);
    });
}

// ---------------------------------------------------------------- NDIS

TEST(Ndis, EnableVirtualizationReturnRules) {
    run([](rig& r) {
        NDIS_HANDLE h = r.ndis.miniport_handle();
        EXPECT_EQ(no_tlp(r,
                         [&] {
                             return NdisMEnableVirtualization(r.ndis.vf_miniport_handle(), 4, FALSE,
                                                              FALSE, TRUE);
                         }),
                  NDIS_STATUS_NOT_SUPPORTED);
        int dummy = 0;
        EXPECT_EQ(
            no_tlp(r, [&] { return NdisMEnableVirtualization(&dummy, 4, FALSE, FALSE, TRUE); }),
            NDIS_STATUS_FAILURE);
        EXPECT_EQ(
            no_tlp(r, [&] { return NdisMEnableVirtualization(nullptr, 4, FALSE, FALSE, TRUE); }),
            NDIS_STATUS_FAILURE);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMEnableVirtualization(h, 4, TRUE, FALSE, TRUE); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMEnableVirtualization(h, 4, FALSE, TRUE, TRUE); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMEnableVirtualization(h, 4, FALSE, FALSE, FALSE); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMEnableVirtualization(h, 0, FALSE, FALSE, TRUE); }),
                  NDIS_STATUS_FAILURE);
        EXPECT_EQ(NdisMEnableVirtualization(h, 65, FALSE, FALSE, TRUE), NDIS_STATUS_FAILURE);
        EXPECT_FALSE(any_write(r));
        EXPECT_EQ(NdisMEnableVirtualization(h, 16, FALSE, FALSE, TRUE), NDIS_STATUS_SUCCESS);
        EXPECT_TRUE(r.dev.vf_enable());
        EXPECT_EQ(r.dev.num_vfs(), 16);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMEnableVirtualization(h, 16, FALSE, FALSE, TRUE); }),
                  NDIS_STATUS_FAILURE)
            << "enabling while enabled fails";
        EXPECT_EQ(NdisMEnableVirtualization(h, 0, FALSE, FALSE, FALSE), NDIS_STATUS_SUCCESS);
        EXPECT_FALSE(r.dev.vf_enable());
        EXPECT_EQ(NdisMEnableVirtualization(h, 8, FALSE, FALSE, TRUE), NDIS_STATUS_SUCCESS)
            << "re-enable after disable";
    });
}

TEST(Ndis, BusDataRules) {
    run([](rig& r) {
        NDIS_HANDLE h = r.ndis.miniport_handle();
        unsigned char buf[8] = {0x04, 0};
        EXPECT_EQ(no_tlp(r, [&] { return NdisMSetVirtualFunctionBusData(h, 0, buf, 4, 2); }), 0u)
            << "before NdisMEnableVirtualization";
        // VFs enabled by somebody else do not count: NDIS's own call order.
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMGetVirtualFunctionBusData(h, 0, buf, 4, 2); }), 0u);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 0, FALSE, FALSE, FALSE), STATUS_SUCCESS);
        ASSERT_EQ(NdisMEnableVirtualization(h, 4, FALSE, FALSE, TRUE), NDIS_STATUS_SUCCESS);
        EXPECT_EQ(NdisMSetVirtualFunctionBusData(h, 2, buf, 4, 2), 2u);
        EXPECT_EQ(vf_command(r, 2), 0x0004);
        USHORT back = 0;
        EXPECT_EQ(NdisMGetVirtualFunctionBusData(h, 2, &back, 4, 2), 2u);
        EXPECT_EQ(back, 0x0004);
        for (bool write : {true, false}) {
            auto call = [&](NDIS_HANDLE hh, NDIS_SRIOV_FUNCTION_ID vf, PVOID b, ULONG off,
                            ULONG len) {
                return no_tlp(r, [&] {
                    return write ? NdisMSetVirtualFunctionBusData(hh, vf, b, off, len)
                                 : NdisMGetVirtualFunctionBusData(hh, vf, b, off, len);
                });
            };
            EXPECT_EQ(call(r.ndis.vf_miniport_handle(), 0, buf, 4, 2), 0u) << "VF miniport handle";
            EXPECT_EQ(call(nullptr, 0, buf, 4, 2), 0u) << "NULL handle";
            EXPECT_EQ(call(&back, 0, buf, 4, 2), 0u) << "not a handle";
            EXPECT_EQ(call(h, 0, nullptr, 4, 2), 0u) << "null buffer";
            EXPECT_EQ(call(h, 0, buf, 4, 0), 0u) << "Length 0";
            EXPECT_EQ(call(h, 0, buf, 4094, 4), 0u) << "beyond 4096";
            EXPECT_EQ(call(h, 4, buf, 4, 2), 0u) << "VFId == NumVFs";
        }
        // A virtual bus driver is registered: the miniport must go through it.
        r.ndis.register_virtual_bus_driver(&vi);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMSetVirtualFunctionBusData(h, 0, buf, 4, 2); }), 0u);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMGetVirtualFunctionBusData(h, 0, buf, 4, 2); }), 0u);
        EXPECT_EQ(no_tlp(r, [&] { return NdisMEnableVirtualization(h, 0, FALSE, FALSE, FALSE); }),
                  NDIS_STATUS_FAILURE);
    });
}

struct oid_buffer {
    NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS params{};
    unsigned char data[64]{};
};

NDIS_OID_REQUEST write_oid(oid_buffer& b, NDIS_SRIOV_FUNCTION_ID vf, ULONG off, ULONG len,
                           UINT info_len = sizeof(oid_buffer)) {
    b.params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    b.params.Header.Revision = NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    b.params.Header.Size = NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1;
    b.params.VFId = vf;
    b.params.Offset = off;
    b.params.Length = len;
    b.params.BufferOffset = offsetof(oid_buffer, data);
    NDIS_OID_REQUEST req{};
    req.RequestType = NdisRequestSetInformation;
    req.DATA.SET_INFORMATION.Oid = OID_SRIOV_WRITE_VF_CONFIG_SPACE;
    req.DATA.SET_INFORMATION.InformationBuffer = &b;
    req.DATA.SET_INFORMATION.InformationBufferLength = info_len;
    return req;
}

NDIS_OID_REQUEST read_oid(oid_buffer& b, NDIS_SRIOV_FUNCTION_ID vf, ULONG off, ULONG len,
                          ULONG out_len = sizeof(oid_buffer)) {
    NDIS_OID_REQUEST req = write_oid(b, vf, off, len);
    req.RequestType = NdisRequestMethod;
    req.DATA.METHOD_INFORMATION.Oid = OID_SRIOV_READ_VF_CONFIG_SPACE;
    req.DATA.METHOD_INFORMATION.InformationBuffer = &b;
    req.DATA.METHOD_INFORMATION.InputBufferLength = sizeof(b.params);
    req.DATA.METHOD_INFORMATION.OutputBufferLength = out_len;
    return req;
}

TEST(Ndis, VfConfigSpaceOids) {
    run([](rig& r) {
        oid_buffer b;
        b.data[0] = 0x04;
        auto req = write_oid(b, 1, 4, 2);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(req); }), NDIS_STATUS_NOT_SUPPORTED)
            << "SR-IOV not enabled";
        ASSERT_EQ(NdisMEnableVirtualization(r.ndis.miniport_handle(), 4, FALSE, FALSE, TRUE),
                  NDIS_STATUS_SUCCESS);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(req); }), NDIS_STATUS_INVALID_PARAMETER)
            << "VF not allocated";
        EXPECT_EQ(r.ndis.allocate_vf(4), NDIS_STATUS_INVALID_PARAMETER);
        ASSERT_EQ(r.ndis.allocate_vf(1), NDIS_STATUS_SUCCESS);
        EXPECT_EQ(r.ndis.oid_request(req), NDIS_STATUS_SUCCESS);
        EXPECT_EQ(req.DATA.SET_INFORMATION.BytesRead, offsetof(oid_buffer, data) + 2);
        EXPECT_EQ(vf_command(r, 1), 0x0004);

        oid_buffer rb;
        auto rreq = read_oid(rb, 1, 0, 8);
        EXPECT_EQ(r.ndis.oid_request(rreq), NDIS_STATUS_SUCCESS);
        EXPECT_EQ(rreq.DATA.METHOD_INFORMATION.BytesWritten, offsetof(oid_buffer, data) + 8);
        EXPECT_EQ(rb.data[0], 0xFF); // VF Vendor ID
        EXPECT_EQ(rb.data[4], 0x04); // Command

        // Lengths: the parameter structure itself, then BufferOffset + Length.
        auto short_req = write_oid(b, 1, 4, 2, 12);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(short_req); }),
                  NDIS_STATUS_INVALID_LENGTH);
        EXPECT_EQ(short_req.DATA.SET_INFORMATION.BytesNeeded,
                  NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1);
        auto long_req = write_oid(b, 1, 0, 64, offsetof(oid_buffer, data) + 10);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(long_req); }),
                  NDIS_STATUS_INVALID_LENGTH);
        EXPECT_EQ(long_req.DATA.SET_INFORMATION.BytesNeeded, offsetof(oid_buffer, data) + 64);
        auto small_out = read_oid(rb, 1, 0, 16, offsetof(oid_buffer, data) + 8);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(small_out); }),
                  NDIS_STATUS_INVALID_LENGTH);
        EXPECT_EQ(small_out.DATA.METHOD_INFORMATION.BytesNeeded, offsetof(oid_buffer, data) + 16);
        // Parameter values.
        auto bad = write_oid(b, 1, 4, 2);
        b.params.Header.Type = 0x81;
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(bad); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        bad = write_oid(b, 1, 4, 0);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(bad); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        bad = write_oid(b, 1, 4090, 8);
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(bad); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        bad = write_oid(b, 1, 4, 2);
        b.params.BufferOffset = 4; // overlaps the parameters
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(bad); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        bad = write_oid(b, 1, 4, 2);
        bad.RequestType = NdisRequestQueryInformation;
        EXPECT_EQ(no_tlp(r, [&] { return r.ndis.oid_request(bad); }), NDIS_STATUS_NOT_SUPPORTED);

        // In flight: UR on the VF -> NDIS_STATUS_FAILURE.
        sc_report_expectation warn("sriov/sw_stubs/ndis", 1);
        inject(r, fault_kind::unsupported_request);
        auto ur = write_oid(b, 1, 4, 2);
        EXPECT_EQ(r.ndis.oid_request(ur), NDIS_STATUS_FAILURE);

        // With a VBD the OID goes through GUID_PCI_VIRTUALIZATION_INTERFACE.
        auto vi = query_bus(r);
        r.ndis.register_virtual_bus_driver(&vi);
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 0, FALSE, FALSE, FALSE), STATUS_SUCCESS);
        EXPECT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        b.data[0] = 0x04;
        auto via_vbd = write_oid(b, 1, 4, 2);
        EXPECT_EQ(r.ndis.oid_request(via_vbd), NDIS_STATUS_SUCCESS);
        EXPECT_STREQ(r.log.calls.back().api, "OID_SRIOV_WRITE_VF_CONFIG_SPACE");
        EXPECT_STREQ(r.log.calls[r.log.calls.size() - 2].api, "SetVirtualFunctionData");
    });
}

// ---------------------------------------------------------------- pcivirt

SRIOV_DEVICE_INTERFACE_STANDARD query_pcivirt(rig& r) {
    return query<SRIOV_DEVICE_INTERFACE_STANDARD>(r.pcivirt.wdf_device(),
                                                  GUID_SRIOV_DEVICE_INTERFACE_STANDARD);
}

TEST(Pcivirt, CallbacksAndReturnRules) {
    run([](rig& r) {
        auto si = query_pcivirt(r);
        EXPECT_EQ(si.Context, static_cast<void*>(&r.pcivirt));
        ASSERT_NE(si.ReadVfConfig, nullptr);
        ASSERT_NE(si.WriteVfConfig, nullptr);
        ASSERT_NE(si.ResetVf, nullptr);
        unsigned char buf[8] = {0x04, 0};
        EXPECT_EQ(no_tlp(r, [&] { return si.WriteVfConfig(si.Context, buf, 0, 4, 2); }),
                  STATUS_INVALID_DEVICE_STATE)
            << "before prepare_hardware";
        EXPECT_EQ(r.pcivirt.prepare_hardware(), STATUS_SUCCESS);
        EXPECT_EQ(no_tlp(r, [&] { return si.ReadVfConfig(si.Context, buf, 0, 4, 2); }),
                  STATUS_INVALID_DEVICE_STATE)
            << "VFs not enabled";
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 6, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        ASSERT_EQ(r.pcivirt.prepare_hardware(), STATUS_SUCCESS);
        EXPECT_EQ(si.WriteVfConfig(si.Context, buf, 5, 4, 2), STATUS_SUCCESS);
        EXPECT_EQ(vf_command(r, 5), 0x0004);
        USHORT back = 0;
        EXPECT_EQ(si.ReadVfConfig(si.Context, &back, 5, 4, 2), STATUS_SUCCESS);
        EXPECT_EQ(back, 0x0004);
        EXPECT_EQ(no_tlp(r, [&] { return si.WriteVfConfig(si.Context, buf, 6, 4, 2); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return si.ReadVfConfig(si.Context, buf, 6, 4, 2); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return si.WriteVfConfig(si.Context, nullptr, 0, 4, 2); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return si.ReadVfConfig(si.Context, buf, 0, 4, 0); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return si.ReadVfConfig(si.Context, buf, 0, 4093, 4); }),
                  STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return si.ResetVf(si.Context, 6); }), STATUS_INVALID_PARAMETER);
        EXPECT_EQ(no_tlp(r, [&] { return si.ResetVf(nullptr, 0); }), STATUS_INVALID_PARAMETER);
        USHORT vendor = 0, device = 0;
        si.GetVendorAndDevice(si.Context, 0, &vendor, &device);
        EXPECT_EQ(vendor, 0x8086);
        EXPECT_EQ(device, 0x10ED);
        UINT16 seg = 1;
        UINT8 bus = 0, fn = 0;
        si.GetDeviceLocation(si.Context, 5, &seg, &bus, &fn);
        EXPECT_EQ(static_cast<uint16_t>(bus << 8 | fn), r.dev.vf_rid(5).value);
    });
}

TEST(Pcivirt, ResetVfPerformsAnFlrOfThatVfOnly) {
    run([](rig& r) {
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        ASSERT_EQ(r.pcivirt.prepare_hardware(), STATUS_SUCCESS);
        auto si = query_pcivirt(r);
        const USHORT bme = 0x0004;
        ASSERT_EQ(si.WriteVfConfig(si.Context, &bme, 1, 4, 2), STATUS_SUCCESS);
        ASSERT_EQ(si.WriteVfConfig(si.Context, &bme, 2, 4, 2), STATUS_SUCCESS);
        const sc_core::sc_time t0 = sc_core::sc_time_stamp();
        EXPECT_EQ(si.ResetVf(si.Context, 1), STATUS_SUCCESS);
        EXPECT_GE(sc_core::sc_time_stamp() - t0, r.pcivirt.config().flr_wait);
        EXPECT_EQ(vf_command(r, 1), 0x0000) << "VF 1 reset";
        EXPECT_EQ(vf_command(r, 2), 0x0004) << "VF 2 untouched";
        USHORT back = 0xFFFF;
        EXPECT_EQ(si.ReadVfConfig(si.Context, &back, 1, 4, 2), STATUS_SUCCESS)
            << "ready after the wait";
        EXPECT_EQ(back, 0);
    });
}

TEST(Pcivirt, InFlightFailuresMapToNtstatus) {
    run([](rig& r) {
        sc_report_expectation warn("sriov/sw_stubs/pcivirt", 4);
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        ASSERT_EQ(r.pcivirt.prepare_hardware(), STATUS_SUCCESS);
        auto si = query_pcivirt(r);
        unsigned char buf[8] = {};
        inject(r, fault_kind::unsupported_request);
        EXPECT_EQ(si.WriteVfConfig(si.Context, buf, 0, 4, 4), STATUS_NO_SUCH_DEVICE);
        inject(r, fault_kind::completer_abort);
        EXPECT_EQ(si.ReadVfConfig(si.Context, buf, 0, 4, 4), STATUS_IO_DEVICE_ERROR);
        inject(r, fault_kind::drop_completion);
        EXPECT_EQ(si.ReadVfConfig(si.Context, buf, 0, 0, 4), STATUS_IO_TIMEOUT);
        inject(r, fault_kind::config_retry, 0, 0); // not ready until cleared
        EXPECT_EQ(si.ReadVfConfig(si.Context, buf, 0, 0, 4), STATUS_DEVICE_NOT_READY);
        EXPECT_EQ(r.log.calls.back().crs_retries, r.top.rc.config().crs_retry_limit);
        r.top.ep.clear_faults();
        EXPECT_EQ(si.ReadVfConfig(si.Context, buf, 0, 0, 4), STATUS_SUCCESS);
    });
}

TEST(CallLog, RecordsEveryCall) {
    run([](rig& r) {
        auto vi = query_bus(r);
        ASSERT_EQ(vi.EnableVirtualization(vi.Context, 2, FALSE, FALSE, TRUE), STATUS_SUCCESS);
        unsigned char buf[4] = {};
        r.log.calls.clear();
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 1, buf, 0, 4), 4u);
        EXPECT_EQ(vi.GetVirtualFunctionData(vi.Context, 9, buf, 0, 4), 0u);
        ASSERT_EQ(r.log.calls.size(), 2u);
        const auto& ok = r.log.calls[0];
        EXPECT_EQ(ok.family, api_family::pci_virtualization);
        EXPECT_STREQ(ok.api, "GetVirtualFunctionData");
        EXPECT_EQ(ok.result, 4);
        EXPECT_EQ(ok.tlps, 1u);
        EXPECT_EQ(ok.config_accesses, 1u);
        EXPECT_EQ(ok.outcome, call_outcome::succeeded);
        EXPECT_GT(ok.end, ok.start) << "the call blocks until the completion";
        EXPECT_EQ(format_arguments(ok.arguments), "VirtualFunction=1 Offset=0x0 Length=4");
        const auto& bad = r.log.calls[1];
        EXPECT_EQ(bad.outcome, call_outcome::refused);
        EXPECT_EQ(bad.tlps, 0u);
        EXPECT_EQ(bad.end, bad.start);
        EXPECT_NE(bad.reason.find("NumVFs"), std::string::npos);
    });
}

// ------------------------------------------------------------ example driver

TEST(ExampleDriver, PcivirtCallbacksOverTheBusInterface) {
    run([](rig& r) {
        ASSERT_EQ(ExamplePfPrepareHardware(r.bus.wdf_device()), STATUS_SUCCESS);
        ASSERT_EQ(ExamplePfEnableVfs(4), STATUS_SUCCESS);
        EXPECT_TRUE(r.dev.vf_enable());
        SRIOV_DEVICE_INTERFACE_STANDARD si{};
        ExamplePfGetSriovInterface(&si);
        const USHORT bme = 0x0004;
        EXPECT_EQ(si.WriteVfConfig(si.Context, &bme, 3, 4, 2), STATUS_SUCCESS);
        EXPECT_EQ(vf_command(r, 3), 0x0004);
        USHORT back = 0;
        EXPECT_EQ(si.ReadVfConfig(si.Context, &back, 3, 4, 2), STATUS_SUCCESS);
        EXPECT_EQ(back, 0x0004);
        EXPECT_EQ(si.ResetVf(si.Context, 3), STATUS_SUCCESS);
        EXPECT_EQ(si.WriteVfConfig(si.Context, &bme, 4, 4, 2), STATUS_INVALID_PARAMETER);
        EXPECT_EQ(ExamplePfDisableVfs(), STATUS_SUCCESS);
        EXPECT_FALSE(r.dev.vf_enable());
        ExamplePfReleaseHardware();
    });
}

TEST(ExampleDriver, MiniportOidHandling) {
    run([](rig& r) {
        ASSERT_EQ(ExampleMiniportInitialize(r.ndis.miniport_handle()), NDIS_STATUS_SUCCESS);
        ASSERT_EQ(ExampleMiniportCreateSwitch(4), NDIS_STATUS_SUCCESS);
        ASSERT_EQ(ExampleMiniportAllocateVf(2), NDIS_STATUS_SUCCESS);
        oid_buffer b;
        b.data[0] = 0x04;
        auto req = write_oid(b, 2, 4, 2);
        EXPECT_EQ(ExampleMiniportOidRequest(nullptr, &req), NDIS_STATUS_SUCCESS);
        EXPECT_EQ(vf_command(r, 2), 0x0004);
        oid_buffer rb;
        auto rreq = read_oid(rb, 2, 4, 2);
        EXPECT_EQ(ExampleMiniportOidRequest(nullptr, &rreq), NDIS_STATUS_SUCCESS);
        EXPECT_EQ(rb.data[0], 0x04);
        auto not_alloc = write_oid(b, 1, 4, 2);
        EXPECT_EQ(no_tlp(r, [&] { return ExampleMiniportOidRequest(nullptr, &not_alloc); }),
                  NDIS_STATUS_INVALID_PARAMETER);
        auto short_req = write_oid(b, 2, 4, 2, 8);
        EXPECT_EQ(no_tlp(r, [&] { return ExampleMiniportOidRequest(nullptr, &short_req); }),
                  NDIS_STATUS_INVALID_LENGTH);
        EXPECT_EQ(short_req.DATA.SET_INFORMATION.BytesNeeded, 20u);
    });
}

} // namespace
} // namespace sriov::test
