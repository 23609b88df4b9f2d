// Every number of a scenario is checked against the range of the field it
// feeds when the parser reads it (issue 9): the message names file:line, the
// parameter, the value and the range. Values that fit but that the routine
// must refuse still reach it. The parser needs no simulation.
#include "parse_text.h"
#include "sriov/config/device_profile.h"
#include "sriov/scenario/platform_setup.h"
#include "sriov/scenario/scenario.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace {

using namespace sriov::scenario;

const test::text_parser parser{"r.sriov"};

TEST(ParserRanges, ApiParametersHaveTheirWindowsTypesWidth) {
    parser.expect_errors({
        {"GetLocation VirtualFunction=0x10000",
         "r.sriov:1: GetLocation VirtualFunction: 0x10000 is out of range 0x0..0xFFFF (USHORT)"},
        {"EnableVirtualization NumVFs=65540",
         "r.sriov:1: EnableVirtualization NumVFs: 65540 is out of range 0x0..0xFFFF (USHORT)"},
        {"OID_NIC_SWITCH_ALLOCATE_VF VFId=0x10001",
         "r.sriov:1: OID_NIC_SWITCH_ALLOCATE_VF VFId: 0x10001 is out of range 0x0..0xFFFF "
         "(USHORT)"},
        {"ResetVf VfIndex=70000",
         "r.sriov:1: ResetVf VfIndex: 70000 is out of range 0x0..0xFFFF (USHORT)"},
        {"linux_enable 65536",
         "r.sriov:1: linux_enable num_vfs: 65536 is out of range 0x0..0xFFFF (u16)"},
        {"ReadVfConfig 0 0 0x100000004",
         "r.sriov:1: ReadVfConfig Length: 0x100000004 is out of range 0x0..0xFFFFFFFF (ULONG)"},
        {"GetVirtualFunctionData 0 0x100000000 4",
         "r.sriov:1: GetVirtualFunctionData Offset: 0x100000000 is out of range 0x0..0xFFFFFFFF "
         "(ULONG)"},
        {"OID_SRIOV_READ_VF_CONFIG_SPACE 0 0 0x100000004",
         "r.sriov:1: OID_SRIOV_READ_VF_CONFIG_SPACE Length: 0x100000004 is out of range "
         "0x0..0xFFFFFFFF (ULONG)"},
        {"OID_SRIOV_READ_VF_CONFIG_SPACE 0 0 4 OutputBufferLength=0x1_0000_0000",
         "r.sriov:1: OID_SRIOV_READ_VF_CONFIG_SPACE OutputBufferLength: 0x1_0000_0000 is out of "
         "range 0x0..0xFFFFFFFF (ULONG)"},
        {"NdisMEnableVirtualization NumVFs=99999999999999999999999",
         "r.sriov:1: NdisMEnableVirtualization NumVFs: 99999999999999999999999 is out of range "
         "0x0..0xFFFF (USHORT)"},
    });
}

// Testing the stubs' refusals is the point of bad-input scenarios.
TEST(ParserRanges, RepresentableBadValuesReachTheStubs) {
    const scenario sc = parser.parse_text("GetVirtualFunctionData 0 0 0\n"
                                          "GetVirtualFunctionData 0 0xFFC 8\n"
                                          "GetLocation VirtualFunction=0xFFFF\n"
                                          "ReadVfConfig 0 0xFFFFFFFF 0xFFFFFFFF\n"
                                          "read pf 0xFFE 4\n"); // the root complex refuses it
    ASSERT_EQ(sc.steps.size(), 5u);
    EXPECT_EQ(sc.steps[0].args.at("Length").number, 0u);
    EXPECT_EQ(sc.steps[1].args.at("Offset").number, 0xFFCu);
    EXPECT_EQ(sc.steps[2].args.at("VirtualFunction").number, 0xFFFFu);
    EXPECT_EQ(sc.steps[3].args.at("Length").number, 0xFFFFFFFFu);
    EXPECT_EQ(sc.steps[4].args.at("offset").number, 0xFFEu);
}

TEST(ParserRanges, DirectAccessesStayInsideTheFunctions4KiB) {
    parser.expect_errors({
        {"read vf0 0x2004", "r.sriov:1: read offset: 0x2004 is out of range 0x0..0xFFF"},
        {"write pf 0x1004 4 0", "r.sriov:1: write offset: 0x1004 is out of range 0x0..0xFFF"},
        {"peek pf 0x1000", "r.sriov:1: peek offset: 0x1000 is out of range 0x0..0xFFF"},
        {"read pf 0x10004 4", "r.sriov:1: read offset: 0x10004 is out of range 0x0..0xFFF"},
        {"read pf 0 0x1000000000000",
         "r.sriov:1: read length: 0x1000000000000 is out of range 1..4096"},
        {"read pf 0 0", "r.sriov:1: read length: 0 is out of range 1..4096"},
        {"write pf 0 4097 0", "r.sriov:1: write length: 4097 is out of range 1..4096"},
        {"peek pf 0 9", "r.sriov:1: peek length: 9 is out of range 1..8"},
        {"peek pf 0xFFE 4", "r.sriov:1: peek length: 4 is out of range 1..2 at offset 0xFFE "
                            "(config space ends at 0xFFF)"},
    });
}

// The message for a word that names no function.
std::string not_a_function(const std::string& read_fn) {
    return "r.sriov:1: read fn: expected a function: pf, pf<n> (pf1, ...), vf<k> (vf0, vf3, "
           "...), pf<n>.vf<k>, bb:dd.f or a routing ID like 0x0180, got '" +
           read_fn + "'";
}

TEST(ParserRanges, FunctionsFitTheirFields) {
    parser.expect_errors({
        {"read vf70000 0", "r.sriov:1: read fn: vf70000 is out of range vf0..vf65535"},
        {"flr vf99999999999999999999999",
         "r.sriov:1: flr fn: vf99999999999999999999999 is out of range vf0..vf65535"},
        {"read 0x10000 0", "r.sriov:1: read fn: 0x10000 is out of range 0x0..0xFFFF (routing ID)"},
        {"read 100:00.0 0", "r.sriov:1: read fn: 100:00.0 is out of range: bus 0..FF, device "
                            "0..1F, function 0..7"},
        {"read 1g:00.0 0", not_a_function("1g:00.0")},
        {"read pf256 0", "r.sriov:1: read fn: pf256 is out of range pf0..pf255"},
        {"read pf1.vf65536 0", "r.sriov:1: read fn: pf1.vf65536 is out of range vf0..vf65535"},
        {"read pf.vf2 0", not_a_function("pf.vf2")},
        {"read pf1.pf2 0", not_a_function("pf1.pf2")},
        {"read pfx 0", not_a_function("pfx")},
        {"read pf1.vf 0", not_a_function("pf1.vf")},
    });
}

TEST(ParserRanges, FunctionsNameTheirPf) {
    const scenario sc = parser.parse_text("read pf 0\nread pf1 0\nread vf3 0\nread pf2.vf7 0\n");
    ASSERT_EQ(sc.steps.size(), 4u);
    const auto fn = [&](size_t i) { return sc.steps[i].args.at("fn").fn; };
    EXPECT_EQ(fn(0).type, function_ref::kind::pf);
    EXPECT_EQ(fn(0).pf, 0);
    EXPECT_EQ(fn(1).type, function_ref::kind::pf);
    EXPECT_EQ(fn(1).pf, 1);
    EXPECT_EQ(fn(2).type, function_ref::kind::vf);
    EXPECT_EQ(fn(2).pf, 0);
    EXPECT_EQ(fn(2).index, 3);
    EXPECT_EQ(fn(3).type, function_ref::kind::vf);
    EXPECT_EQ(fn(3).pf, 2);
    EXPECT_EQ(fn(3).index, 7);
}

// Every PF and VF a step names must exist on the device, before the run.
TEST(ParserRanges, PfsAndTheirVfsBeyondTheDevice) {
    sriov::config::device_description device = sriov::config::device_description::defaults();
    device.pfs[0].total_vfs = 8;
    device.pfs.push_back(device.pfs[0]);
    device.pfs[1].total_vfs = 4;
    EXPECT_NO_THROW(
        check_against_device(parser.parse_text("read pf1 0\nread pf1.vf3 0\n"), device));
    const std::pair<const char*, const char*> cases[] = {
        {"read pf2 0", "r.sriov:1: read fn: pf2 is out of range pf0..pf1 (the device has 2 PFs)"},
        {"read pf1.vf4 0", "r.sriov:1: read fn: pf1.vf4 is out of range pf1.vf0..pf1.vf3 (the "
                           "device's TotalVFs of PF 1 is 4)"},
        {"driver vf1", "r.sriov:1: driver fn: vf1 is not a PF: driver takes pf or pf<n>"},
        {"driver pf2", "r.sriov:1: driver fn: pf2 is out of range pf0..pf1 (the device has 2 PFs)"},
        {"read pf0.vf8 0",
         "r.sriov:1: read fn: pf0.vf8 is out of range vf0..vf7 (the device's TotalVFs is 8)"},
    };
    for (const auto& [text, message] : cases) {
        try {
            check_against_device(parser.parse_text(text), device);
            ADD_FAILURE() << text << " passed";
        } catch (const parse_error& e) {
            EXPECT_STREQ(e.what(), message);
        }
    }
    device.pfs.pop_back();
    try {
        check_against_device(parser.parse_text("read pf1 0"), device);
        ADD_FAILURE() << "pf1 of one PF passed";
    } catch (const parse_error& e) {
        EXPECT_STREQ(e.what(),
                     "r.sriov:1: read fn: pf1 is out of range pf0..pf0 (the device has 1 PF)");
    }
}

TEST(ParserRanges, VfBeyondTheDevicesTotalVfs) {
    sriov::config::device_description device = sriov::config::device_description::defaults();
    device.pfs[0].total_vfs = 8;
    const scenario fits = parser.parse_text("read vf7 0\nflr vf0\n");
    EXPECT_NO_THROW(check_against_device(fits, device));
    const scenario beyond = parser.parse_text("read vf7 0\n\npeek vf8 0\n");
    try {
        check_against_device(beyond, device);
        ADD_FAILURE() << "vf8 of 8 VFs passed";
    } catch (const parse_error& e) {
        EXPECT_STREQ(
            e.what(),
            "r.sriov:3: peek fn: vf8 is out of range vf0..vf7 (the device's TotalVFs is 8)");
    }
}

TEST(ParserRanges, TimesInsideSystemCsRange) {
    const std::string last = std::to_string(last_time_ps());
    parser.expect_errors({
        {"wait 20000000s", "r.sriov:1: wait time: 20000000s is out of range 0.." + last + " ps"},
        {"wait 18446744073709551615ps",
         "r.sriov:1: wait time: 18446744073709551615ps is out of range 0.." + last + " ps"},
        {"wait 1ms\nwait 18446744073709551614ps",
         "r.sriov:2: wait time: 18446744073709551614ps is out of range 0..18446744072709551614 "
         "ps: the waits before it take 1000000000 ps of SystemC's " +
             last + " ps"},
        {"platform completion_timeout=20000000s\nwait 1",
         "r.sriov:1: platform completion_timeout: 20000000s is out of range 0.." + last + " ps"},
        {"platform reset_ready=1500ps\nwait 1",
         "r.sriov:1: platform reset_ready: 1500ps is not a whole number of ns (the device counts "
         "its ready windows in ns)"},
        {"platform crs_retry_limit=0x100000000\nwait 1",
         "r.sriov:1: platform crs_retry_limit: 0x100000000 is out of range 0..4294967295"},
        {"platform gen=7\nwait 1", "r.sriov:1: platform gen: 7 is out of range 0..6"},
    });
    const scenario sc = parser.parse_text("platform crs_retry_limit=4294967295 flr_ready=1.5us\n"
                                          "wait 1ms\nwait 18446744072709551614ps\n");
    EXPECT_EQ(*sc.platform.crs_retry_limit, 4294967295u);
    EXPECT_EQ(*sc.platform.flr_ready_ps, 1'500'000u);
}

TEST(ParserRanges, DataFitsTheBytesItFills) {
    parser.expect_errors({
        {"write pf 4 2 0x12345",
         "r.sriov:1: write value: 0x12345 is out of range 0x0..0xFFFF (length 2)"},
        {"write pf 4 2 hex:112233", "r.sriov:1: write value: hex:112233 is 3 bytes, more than "
                                    "length 2"},
        {"SetVirtualFunctionData 0 4 1 0x100",
         "r.sriov:1: SetVirtualFunctionData Data: 0x100 is out of range 0x0..0xFF (length 1)"},
    });
    EXPECT_EQ(parser.error_of("write pf 4 2 0xFFFF\nWriteVfConfig 0 0 16 0xFFFFFFFFFFFFFFFF\n"),
              "(parsed)");
}

TEST(ParserRanges, DataSliceOffsetIsNotCut) {
    const scenario sc = parser.parse_text("GetVirtualFunctionData 0 0x10004 4\n"
                                          "expect data@0x10004:4 == 0\n");
    EXPECT_EQ(sc.steps[0].expects[0].slice_offset, 0x10004u);
    EXPECT_EQ(parser.error_of("GetVirtualFunctionData 0 0 0xFFFFFFFF\n"
                              "expect data@0xFFFFFFFFFFFFFFFC:8 == 0\n"),
              "r.sriov:2: data@0xFFFFFFFFFFFFFFFC:8 is outside the bytes this step reads (offset "
              "0x0, 4294967295 bytes)");
}

// Every number parameter has a range, and docs/scenario-format.md shows it.
TEST(ParserRanges, TheDocsShowEveryRange) {
    std::ifstream in(SRIOV_SCENARIO_FORMAT_DOC);
    ASSERT_TRUE(in) << SRIOV_SCENARIO_FORMAT_DOC;
    std::stringstream docs;
    docs << in.rdbuf();
    std::set<std::string> ranges;
    for (const command_spec& c : commands()) {
        for (const param_spec& p : c.params) {
            if (p.kind == value_kind::integer || p.kind == value_kind::time) {
                EXPECT_NE(p.range.max, value_range{}.max) << c.name << " " << p.name;
                ranges.insert(to_string(p.range));
            }
        }
    }
    for (const std::string& r : ranges) {
        EXPECT_NE(docs.str().find(r), std::string::npos) << r;
    }
}

} // namespace
