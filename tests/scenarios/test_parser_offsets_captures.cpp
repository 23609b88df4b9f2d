// The scenario language's capability-relative offsets (CAP+OFFSET), captured
// values (`as NAME`, `capture FIELD as NAME`, `$NAME`) and the virtual bus
// driver command: what each form parses to and every malformed form's
// message, file:line first. The parser alone, no simulation.
#include "sriov/scenario/capability_names.h"
#include "sriov/scenario/scenario.h"

#include "parse_text.h"

#include <gtest/gtest.h>

namespace {

using namespace sriov::scenario;

const test::text_parser parser{"c.sriov"};

const std::string all_names = "pm, msi, msix, pcie, vendor_specific, aer, ari, sriov, ats, acs, "
                              "dsn, vendor_specific_ext";

TEST(CapabilityOffsets, EveryDescriptionTypeIsAName) {
    EXPECT_EQ(capability_name_list(), all_names);
    const capability_name* sriov = find_capability_name("sriov");
    ASSERT_NE(sriov, nullptr);
    EXPECT_TRUE(sriov->extended);
    EXPECT_EQ(sriov->id, 0x0010);
    const capability_name* msix = find_capability_name("msix");
    ASSERT_NE(msix, nullptr);
    EXPECT_FALSE(msix->extended);
    EXPECT_EQ(msix->id, 0x11);
    EXPECT_EQ(find_capability_name("vendor_specific_ext")->id, 0x000B);
    EXPECT_EQ(find_capability_name("SRIOV"), nullptr); // names are case-sensitive
}

TEST(CapabilityOffsets, DirectAccessesApiStepsAndSlices) {
    const scenario sc = parser.parse_text("read pf sriov+0x08 2\n"
                                          "expect data@sriov+0x08:2 == 0x19 mask 0x1F\n"
                                          "write vf1 msix+2 2 0x8000\n"
                                          "peek pf pcie+0x0A 2\n"
                                          "NdisMSetVirtualFunctionBusData VFId=1 Offset=msix+0x02 "
                                          "Length=2 Buffer=0x8000\n"
                                          "ReadVfConfig 2 vendor_specific_ext+0x10 4\n"
                                          "expect data@0x30:4 == 0\n");
    ASSERT_EQ(sc.steps.size(), 5u);
    const value& read_off = sc.steps[0].args.at("offset");
    EXPECT_EQ(read_off.capability, "sriov");
    EXPECT_EQ(read_off.number, 0x08u);
    EXPECT_EQ(read_off.text, "sriov+0x08");
    const expectation& slice = sc.steps[0].expects.at(0);
    EXPECT_EQ(slice.slice_capability, "sriov");
    EXPECT_EQ(slice.slice_offset, 0x08u);
    EXPECT_EQ(slice.slice_length, 2u);
    EXPECT_EQ(sc.steps[1].args.at("offset").capability, "msix");
    EXPECT_EQ(sc.steps[1].args.at("offset").number, 2u);
    EXPECT_EQ(sc.steps[2].args.at("offset").capability, "pcie");
    EXPECT_EQ(sc.steps[3].args.at("Offset").capability, "msix");
    EXPECT_EQ(sc.steps[4].args.at("Offset").capability, "vendor_specific_ext");
    // A plain slice of a CAP+OFFSET read is checked when the step runs.
    EXPECT_TRUE(sc.steps[4].expects.at(0).slice_capability.empty());
    // A plain number stays absolute.
    EXPECT_TRUE(parser.parse_text("read pf 0x08").steps[0].args.at("offset").capability.empty());
}

TEST(CapabilityOffsets, MalformedFormsNameFileLineAndWhatIsExpected) {
    parser.expect_errors({
        {"read pf sriovx+0x08", "c.sriov:1: read offset: unknown capability 'sriovx' in "
                                "'sriovx+0x08'; expected one of: " +
                                    all_names},
        {"read pf sriov+", "c.sriov:1: read offset: expected CAP+OFFSET, e.g. sriov+0x08 or "
                           "msix+0x02, got 'sriov+'"},
        {"read pf +0x08", "c.sriov:1: read offset: expected CAP+OFFSET, e.g. sriov+0x08 or "
                          "msix+0x02, got '+0x08'"},
        {"read pf sriov", "c.sriov:1: read offset: expected CAP+OFFSET, e.g. sriov+0x08, got "
                          "'sriov'"},
        {"read pf sriov+0x1000", "c.sriov:1: read offset: 0x1000 is out of range 0x0..0xFFF"},
        {"read pf sriov+zz", "c.sriov:1: read offset: expected an offset inside the capability (a "
                             "number like 42, 0x2A, 0b101, or a name like STATUS_SUCCESS), got "
                             "'zz'"},
        {"GetVirtualFunctionData 0 msix+0x100000000 4",
         "c.sriov:1: GetVirtualFunctionData Offset: 0x100000000 is out of range "
         "0x0..0xFFFFFFFF "
         "(ULONG)"},
        {"wait 1ms\nread pf sriov+8 2\nexpect data@sriov+0x0C:2 == 0",
         "c.sriov:3: data@sriov+0x0C:2 is outside the bytes this step reads (sriov+offset 0x8, "
         "2 "
         "bytes)"},
        {"read pf sriov+8 2\nexpect data@bogus+0:2 == 0",
         "c.sriov:2: unknown capability 'bogus' in 'bogus+0'; expected one of: " + all_names},
        {"read pf sriov+8 2\nexpect data@sriov+:2 == 0",
         "c.sriov:2: expected CAP+OFFSET, e.g. sriov+0x08 or msix+0x02, got 'sriov+'"},
        // Only offsets take CAP+OFFSET.
        {"read pf 0x00 sriov+4", "c.sriov:1: read length: expected a number for length (a number "
                                 "like 42, 0x2A, 0b101, or a name like STATUS_SUCCESS), got "
                                 "'sriov+4'"},
    });
}

TEST(Captures, AsNameCapturesTheStepsData) {
    const scenario sc = parser.parse_text("read pf 0x08 as pf_class\n"
                                          "NdisMGetVirtualFunctionBusData 1 msix+2 2 as ctrl\n"
                                          "expect data == $ctrl\n"
                                          "read vf0 0x08 4\n"
                                          "expect data == $pf_class mask 0xFFFFFF00\n");
    ASSERT_EQ(sc.steps.size(), 3u);
    ASSERT_EQ(sc.steps[0].captures.size(), 1u);
    const capture& k = sc.steps[0].captures[0];
    EXPECT_EQ(k.name, "pf_class");
    EXPECT_EQ(k.field, "data");
    EXPECT_EQ(k.line, 1u);
    EXPECT_EQ(k.text, "read pf 0x08 as pf_class");
    EXPECT_EQ(sc.steps[0].args.at("length").number, 4u); // `as` is not an argument
    EXPECT_EQ(sc.steps[1].captures.at(0).name, "ctrl");
    EXPECT_EQ(sc.steps[1].expects.at(0).expected_name, "ctrl");
    const expectation& e = sc.steps[2].expects.at(0);
    EXPECT_EQ(e.expected_name, "pf_class");
    EXPECT_EQ(e.mask, 0xFFFFFF00u);
}

TEST(Captures, CaptureLineTakesAnyFieldOrSlice) {
    const scenario sc = parser.parse_text("GetLocation VirtualFunction=0\n"
                                          "capture FunctionNumber as vf0_function\n"
                                          "capture BusNumber as vf0_bus\n"
                                          "GetVirtualFunctionData 0 0 64\n"
                                          "capture data@0x08:4 as vf_class\n"
                                          "read vf0 msix+0 4\n"
                                          "capture data@msix+2:2 as ctrl\n"
                                          "expect devfn == $vf0_function\n");
    ASSERT_EQ(sc.steps[0].captures.size(), 2u);
    EXPECT_EQ(sc.steps[0].captures[0].field, "FunctionNumber");
    EXPECT_EQ(sc.steps[0].captures[1].name, "vf0_bus");
    const capture& slice = sc.steps[1].captures.at(0);
    EXPECT_TRUE(slice.data_slice);
    EXPECT_EQ(slice.slice_offset, 0x08u);
    EXPECT_EQ(slice.slice_length, 4u);
    EXPECT_EQ(sc.steps[2].captures.at(0).slice_capability, "msix");
    EXPECT_EQ(sc.steps[2].expects.at(0).expected_name, "vf0_function");
}

TEST(Captures, MalformedFormsAndUnknownNamesAreParseErrors) {
    parser.expect_errors({
        {"read pf 0x00 4\nexpect data == $nope", "c.sriov:2: unknown captured value '$nope': "
                                                 "no step above captures it ('... as nope' or "
                                                 "'capture FIELD as nope')"},
        // A name is known from the line that captures it on, not before.
        {"read pf 0x00 4\nexpect data == $later\nread pf 0x08 4 as later",
         "c.sriov:2: unknown captured value '$later': no step above captures it ('... as "
         "later' "
         "or 'capture FIELD as later')"},
        {"capture data as x", "c.sriov:1: 'capture' must follow the step it checks"},
        {"GetLocation 0\ncapture FunctionNumber x",
         "c.sriov:2: expected 'capture FIELD as NAME', e.g. 'capture FunctionNumber as "
         "vf0_function' or 'capture data@0x08:4 as vf_class'"},
        {"GetLocation 0\ncapture Bogus as x",
         "c.sriov:2: unknown field 'Bogus' for GetLocation; its fields: return, refused, tlps, "
         "config_accesses, crs_retries, dws_written, latency_ns, SegmentNumber, BusNumber, "
         "FunctionNumber"},
        {"GetLocation 0\ncapture FunctionNumber as 1st",
         "c.sriov:2: expected a name for the captured value (letters, digits, '_'; e.g. "
         "pf_class), got '1st'"},
        {"read pf 0 as pf-ids", "c.sriov:1: expected a name for the captured value (letters, "
                                "digits, '_'; e.g. pf_class), got 'pf-ids'"},
        {"write pf 0x04 2 0 as x",
         "c.sriov:1: write reads no data; its fields: status, response, tlps, crs_retries, "
         "dws_completed, latency_ns, bus, devfn"},
        {"read pf 0x00 16 as x", "c.sriov:1: 'data' compares up to 8 bytes as one number; this "
                                 "step reads 16: use data@OFF:LEN"},
        {"platform mode=lt as x", "c.sriov:1: 'platform' reads nothing to capture"},
        {"read pf 0 as x\nexpect data == $", "c.sriov:2: expected an expected value (or $NAME, a "
                                             "captured value) (a number like 42, 0x2A, 0b101, or "
                                             "a name like STATUS_SUCCESS), got '$'"},
    });
}

TEST(VirtualBusDriver, OnOrOff) {
    const scenario sc = parser.parse_text("virtual_bus_driver on\nvirtual_bus_driver off\n");
    ASSERT_EQ(sc.steps.size(), 2u);
    EXPECT_EQ(sc.steps[0].id, command_id::virtual_bus_driver);
    EXPECT_EQ(sc.steps[0].args.at("on").number, 1u);
    EXPECT_EQ(sc.steps[1].args.at("on").number, 0u);
    EXPECT_EQ(parser.error_of("virtual_bus_driver maybe"),
              "c.sriov:1: virtual_bus_driver on: expected TRUE/FALSE (or on/off, yes/no, 1/0), got "
              "'maybe'");
    EXPECT_EQ(parser.error_of("virtual_bus_driver"),
              "c.sriov:1: missing argument on for virtual_bus_driver; it takes: on");
}

} // namespace
