// A VF miniport's first step on Windows (issue 15 item 7), against the real
// platform: the PF miniport enables VFs (NdisMEnableVirtualization), the VF
// miniport maps its VF BAR window (the address pci.sys assigns through the
// PF's VF BAR: VF k at base + k x aperture) with NdisMMapIoSpace or
// MmMapIoSpaceEx and reads and writes a register from a driver thread
// (NdisRead/WriteRegisterUlong, READ/WRITE_REGISTER_ULONG): MRd/MWr TLPs on
// the link. Bad mappings and accesses outside them fail clearly, never crash.
#include "default_layout.h"
#include "sc_report_guard.h"
#include "stub_rig.h"
#include "win/ndis_io_space.h"
#include "win/wdm_io_space.h"

#include <gtest/gtest.h>

namespace sriov::test {
namespace {

namespace dl = default_layout;

constexpr uint64_t vf_bar0 = 0x200000000ull; // pci.sys's assignment: VF BAR0 (64-bit)
constexpr const char* io_msg = "sriov/sw_stubs/io_space";

PHYSICAL_ADDRESS physical(uint64_t a) {
    PHYSICAL_ADDRESS p;
    p.QuadPart = static_cast<LONGLONG>(a);
    return p;
}

// pci.sys's part: VF BAR0 assigned before the PF driver enables 4 VFs.
// Returns one VF's aperture.
uint64_t enable_vfs(rig& r) {
    const routing_id pf = r.top.device.pf_rid();
    const auto now = static_cast<uint64_t>(sc_core::sc_time_stamp().to_seconds() * 1e9);
    EXPECT_EQ(r.top.device.write(pf, dl::sriov_vf_bar(0), 4, 0, now).status,
              completion_status::successful);
    EXPECT_EQ(r.top.device.write(pf, dl::sriov_vf_bar(1), 4, vf_bar0 >> 32, now).status,
              completion_status::successful);
    EXPECT_EQ(NdisMEnableVirtualization(r.ndis.miniport_handle(), 4, FALSE, FALSE, TRUE),
              NDIS_STATUS_SUCCESS);
    return r.top.device.vf_bar_size(0, 0);
}

// VF k's BAR0 window as the PF's VF BAR registers place it (what pci.sys
// hands the VF miniport as its translated memory resource).
uint64_t vf_window(rig& r, uint16_t k, uint64_t aperture) {
    const routing_id pf = r.top.device.pf_rid();
    const uint64_t lo = r.top.device.peek_dw(pf, dl::sriov_vf_bar(0) / 4).value_or(0);
    const uint64_t hi = r.top.device.peek_dw(pf, dl::sriov_vf_bar(1) / 4).value_or(0);
    return (hi << 32 | (lo & ~uint64_t{0xF})) + k * aperture;
}

TEST(IoSpace, VfMiniportReadsAndWritesItsRegisterThroughNdis) {
    run([](rig& r) {
        const uint64_t aperture = enable_vfs(r);
        const uint64_t vf1 = vf_window(r, 1, aperture);
        EXPECT_EQ(vf1, vf_bar0 + aperture);
        PVOID va = nullptr;
        ASSERT_EQ(NdisMMapIoSpace(&va, r.ndis.vf_miniport_handle(), physical(vf1),
                                  static_cast<UINT>(aperture)),
                  NDIS_STATUS_SUCCESS);
        ASSERT_NE(va, nullptr);
        auto* regs = static_cast<PULONG>(va);
        const uint64_t down = r.top.link.mem.tlps_down();
        const sc_core::sc_time before = sc_core::sc_time_stamp();
        NdisWriteRegisterUlong(regs + 4, 0xC0FFEE01); // offset 0x10
        ULONG v = 0;
        NdisReadRegisterUlong(regs + 4, &v);
        EXPECT_EQ(v, 0xC0FFEE01u);
        EXPECT_EQ(r.top.link.mem.tlps_down(), down + 2); // MWr64, MRd64
        EXPECT_GT(sc_core::sc_time_stamp(), before);     // the thread waited for the device
        // Another mapping of VF 0's window: its register is its own.
        PVOID va0 = MmMapIoSpaceEx(physical(vf_window(r, 0, aperture)), aperture,
                                   PAGE_READWRITE | PAGE_NOCACHE);
        ASSERT_NE(va0, nullptr);
        EXPECT_EQ(READ_REGISTER_ULONG(static_cast<PULONG>(va0) + 4), 0u);
        WRITE_REGISTER_ULONG(static_cast<PULONG>(va0) + 4, 7);
        EXPECT_EQ(READ_REGISTER_ULONG(regs + 4), 0xC0FFEE01u);
        EXPECT_EQ(READ_REGISTER_ULONG(static_cast<PULONG>(va0) + 4), 7u);
        MmUnmapIoSpace(va0, aperture);
        NdisMUnmapIoSpace(r.ndis.vf_miniport_handle(), va, static_cast<UINT>(aperture));
        EXPECT_EQ(r.io.mappings(), 0u);
    });
}

TEST(IoSpace, BadMappingsAreRefusedWithoutATlp) {
    run([](rig& r) {
        const uint64_t sent = r.top.rc.mmio.tlps_sent();
        EXPECT_EQ(MmMapIoSpaceEx(physical(vf_bar0), 0, PAGE_READWRITE), nullptr);
        EXPECT_EQ(MmMapIoSpaceEx(physical(~uint64_t{0} - 2), 4, PAGE_READWRITE), nullptr);
        EXPECT_EQ(MmMapIoSpaceEx(physical(vf_bar0), 4096, PAGE_EXECUTE_READWRITE), nullptr);
        EXPECT_EQ(MmMapIoSpaceEx(physical(vf_bar0), 4096,
                                 PAGE_READWRITE | PAGE_NOCACHE | PAGE_WRITECOMBINE),
                  nullptr);
        EXPECT_EQ(NdisMMapIoSpace(nullptr, r.ndis.vf_miniport_handle(), physical(vf_bar0), 4096),
                  NDIS_STATUS_FAILURE);
        PVOID va = &va; // overwritten with NULL on failure
        EXPECT_EQ(NdisMMapIoSpace(&va, nullptr, physical(vf_bar0), 4096), NDIS_STATUS_FAILURE);
        EXPECT_EQ(va, nullptr);
        va = &va;
        EXPECT_EQ(NdisMMapIoSpace(&va, r.ndis.vf_miniport_handle(), physical(vf_bar0), 0),
                  NDIS_STATUS_FAILURE);
        EXPECT_EQ(va, nullptr);
        EXPECT_EQ(r.io.mappings(), 0u);
        EXPECT_EQ(r.top.rc.mmio.tlps_sent(), sent);
    });
}

TEST(IoSpace, AccessesOutsideAMappingReadAllOnesAndWriteNothing) {
    run([](rig& r) {
        const uint64_t aperture = enable_vfs(r);
        const uint64_t sent = r.top.rc.mmio.tlps_sent();
        const uint64_t refused = r.io.refused();
        ULONG not_mapped = 0;
        PVOID ro = MmMapIoSpaceEx(physical(vf_window(r, 2, aperture)), 8, PAGE_READONLY);
        ASSERT_NE(ro, nullptr);
        auto* reg = static_cast<PULONG>(ro);
        {
            sc_report_expectation expect(io_msg, 5);
            EXPECT_EQ(READ_REGISTER_ULONG(&not_mapped), 0xFFFFFFFFu);
            WRITE_REGISTER_ULONG(&not_mapped, 1);
            EXPECT_EQ(not_mapped, 0u); // never written through
            // The last 2 bytes of the mapping and 2 past it.
            EXPECT_EQ(READ_REGISTER_ULONG(reinterpret_cast<PULONG>(static_cast<char*>(ro) + 6)),
                      0xFFFFFFFFu);
            WRITE_REGISTER_ULONG(reg, 1); // read-only mapping
            MmUnmapIoSpace(ro, 4);        // not the mapping's size: nothing unmapped
        }
        EXPECT_EQ(r.top.rc.mmio.tlps_sent(), sent);
        EXPECT_EQ(r.io.refused(), refused + 4);
        EXPECT_EQ(READ_REGISTER_ULONG(reg + 1), 0u); // still mapped, readable
        MmUnmapIoSpace(ro, 8);
        {
            sc_report_expectation expect(io_msg, 1);
            EXPECT_EQ(READ_REGISTER_ULONG(reg), 0xFFFFFFFFu); // unmapped now
        }
    });
}

TEST(IoSpace, AnAddressNobodyClaimsReadsAllOnesLikeHardware) {
    run([](rig& r) {
        PVOID va = MmMapIoSpaceEx(physical(0xFB000000), 4096, PAGE_READWRITE);
        ASSERT_NE(va, nullptr);
        const uint64_t failed = r.io.failed();
        EXPECT_EQ(READ_REGISTER_ULONG(static_cast<PULONG>(va)), 0xFFFFFFFFu); // UR, no warning
        EXPECT_EQ(r.io.failed(), failed + 1);
        MmUnmapIoSpace(va, 4096);
    });
}

} // namespace
} // namespace sriov::test
