// Importing a device from a dump (docs/device-description.md, "Importing a
// device"): the round trip of every shipped description (description ->
// model -> lspci -xxxx dump -> import -> description -> model -> dump gives
// the same bytes and the same device), BAR sizes from -vv lines or options,
// what the import resets or refuses, binary config files, several PFs.
#include "default_layout.h"
#include "sriov/config/device_description.h"
#include "sriov/config/dump_import.h"
#include "sriov/config/lspci_dump.h"
#include "sriov/config/sriov_device.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace sriov;
using namespace sriov::config;

namespace {

const bus_range buses{1, 255};
const device_description intel = device_description::defaults();

// The device of `d` with up to 4 VFs enabled on every PF, as `sriov-sim
// --dump-config` writes it.
std::string dump_with_vfs(const device_description& d) {
    sriov_device dev(d);
    const uint64_t t = d.reset_ready_ns;
    for (size_t i = 0; i < d.pfs.size(); ++i) {
        const uint16_t s = dev.pf_layout(i).capability_offset(capability_kind::sriov);
        const uint16_t n = std::min<uint16_t>(d.pfs[i].total_vfs, 4);
        dev.write(dev.pf_rid(i), static_cast<uint16_t>(s + sriov_field::num_vfs), 2, n, t);
        dev.write(dev.pf_rid(i), static_cast<uint16_t>(s + sriov_field::ctrl), 2,
                  bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse, t);
    }
    std::ostringstream out;
    write_lspci_dump(out, dev);
    return out.str();
}

// --bar-size options for every implemented BAR of every PF of `d` (the
// description's sizes), each naming its PF.
import_options sizes_of(const device_description& d) {
    import_options o;
    for (const pf_description& p : d.pfs) {
        const std::optional<uint16_t> rid =
            d.pfs.size() > 1 ? std::optional<uint16_t>(p.pf_rid) : std::nullopt;
        for (unsigned i = 0; i < 6; ++i) {
            if (p.pf_bars[i].kind != bar_kind::none) {
                o.bar_sizes.push_back({rid, false, i, p.pf_bars[i].size});
            }
            if (p.vf_bars[i].kind != bar_kind::none) {
                o.bar_sizes.push_back({rid, true, i, p.vf_bars[i].size});
            }
        }
    }
    return o;
}

// Timing is not in configuration space: an imported description has the
// built-in values. The VF fields the model takes from the PF are the PF's.
device_description with_timing_of(device_description p, const device_description& from) {
    p.reset_ready_ns = from.reset_ready_ns;
    p.vf_enable_ready_ns = from.vf_enable_ready_ns;
    p.flr_ready_ns = from.flr_ready_ns;
    p.ep_cycles = from.ep_cycles;
    p.ep_clock_mhz = from.ep_clock_mhz;
    return p;
}

// `d` with every Function Dependency Link spelled out: a link left to its
// default (the PF's own function number) and one given equal to it are the
// same register value.
device_description canonical(device_description d) {
    for (pf_description& p : d.pfs) {
        p.function_dependency_link = function_dependency_link(d, p);
    }
    return d;
}

std::string import_text(const std::string& dump, const import_options& o) {
    return write_device_description(import_device(parse_lspci_text(dump, "d.lspci"), o),
                                    {"d.lspci"});
}

// The message importing `dump` throws ("" when it is accepted).
std::string import_error_of(const std::string& dump, const import_options& o = {}) {
    try {
        import_device(parse_lspci_text(dump, "d.lspci"), o);
    } catch (const import_error& e) {
        return e.what();
    }
    return "";
}

// The import of `dump` with --allow-differences and the 82599's BAR sizes.
import_result import_allowing_differences(const std::string& dump) {
    import_options o = sizes_of(intel);
    o.allow_differences = true;
    return import_device(parse_lspci_text(dump, "d.lspci"), o);
}

std::vector<std::filesystem::path> shipped_descriptions() {
    std::vector<std::filesystem::path> out;
    for (const char* folder : {"/profiles", "/tests/config/profiles"}) {
        for (const auto& e :
             std::filesystem::directory_iterator(SRIOV_SOURCE_DIR + std::string(folder))) {
            if (e.path().extension() == ".toml") {
                out.push_back(e.path());
            }
        }
    }
    return out;
}

// Byte `off` of the function whose header line starts `header` set to `value`.
std::string with_byte(std::string dump, const std::string& header, unsigned off, unsigned value) {
    const size_t at = dump.find(header);
    const size_t row = dump.find(fmt::format("\n{:03x}:", off & ~15u), at);
    const size_t pos = row + 5 + 3 * (off % 16) + 1;
    dump.replace(pos, 2, fmt::format("{:02x}", value));
    return dump;
}

} // namespace

TEST(DumpImport, EveryShippedDescriptionRoundTrips) {
    size_t round_trips = 0;
    for (const auto& file : shipped_descriptions()) {
        SCOPED_TRACE(file.string());
        const device_description original = load_device_description(file.string(), buses);
        const std::string dump = dump_with_vfs(original);
        const std::string text = import_text(dump, sizes_of(original));
        const device_description imported = parse_device_description(text, "imported.toml", buses);
        device_description expected = original;
        for (pf_description& p : expected.pfs) {
            use_pf_link_fields_in_vfs(p);
        }
        EXPECT_TRUE(canonical(with_timing_of(imported, original)) == canonical(expected)) << text;
        EXPECT_EQ(dump_with_vfs(imported), dump);
        ++round_trips;
    }
    EXPECT_GE(round_trips, 4u);
}

TEST(DumpImport, BarSizesFromLspciRegionLines) {
    // lspci -vv prints the PF's BAR sizes, and a VF's (its sysfs resources);
    // pciutils prints none for the SR-IOV capability's VF BARs.
    std::string dump = dump_with_vfs(intel);
    const std::string pf_regions = "\tRegion 0: Memory at f0000000 (64-bit, non-prefetchable) "
                                   "[size=512K]\n\tRegion 2: I/O ports at e000 [size=32]\n"
                                   "\tRegion 4: Memory at f0080000 (64-bit, non-prefetchable) "
                                   "[size=16K]\n";
    const std::string vf_regions = "\tRegion 0: Memory at e0000000 (64-bit, prefetchable) "
                                   "[virtual] [size=16K]\n\tRegion 3: Memory at e0100000 "
                                   "(64-bit, prefetchable) [virtual] [size=16K]\n";
    dump.insert(dump.find('\n') + 1, pf_regions);
    dump.insert(dump.find("\n", dump.find("02:10.0")) + 1, vf_regions);
    const device_description p = parse_device_description(import_text(dump, {}), "i.toml", buses);
    EXPECT_TRUE(p.pfs[0].pf_bars == intel.pfs[0].pf_bars);
    EXPECT_TRUE(p.pfs[0].vf_bars == intel.pfs[0].vf_bars);
    // Sizes in the SR-IOV capability's own Region lines (if an lspci prints them).
    std::string in_cap = dump_with_vfs(intel);
    in_cap.insert(in_cap.find('\n') + 1,
                  pf_regions +
                      "\tCapabilities: [160 v1] Single Root I/O Virtualization (SR-IOV)\n"
                      "\t\tRegion 0: Memory at e0000000 (64-bit, prefetchable) [size=16K]\n"
                      "\t\tRegion 3: Memory at e0100000 (64-bit, prefetchable) [size=16K]\n");
    const device_description q = parse_device_description(import_text(in_cap, {}), "i.toml", buses);
    EXPECT_TRUE(q.pfs[0].vf_bars == intel.pfs[0].vf_bars);
}

TEST(DumpImport, BarWithoutSizeIsAnErrorNamingIt) {
    const std::string dump = dump_with_vfs(intel);
    EXPECT_EQ(import_error_of(dump),
              "d.lspci:1: 01:00.0: BAR0 (mem64, 0x00000004) has no size: give --bar-size "
              "pf:bar0=SIZE, or lspci -vv's \"Region 0: ... [size=...]\" line");
    import_options o = sizes_of(intel);
    o.bar_sizes.erase(o.bar_sizes.begin() + 1); // VF BAR0's
    EXPECT_EQ(import_error_of(dump, o),
              "d.lspci:1: 01:00.0: VF BAR0 (mem64 prefetchable, 0x0000000C) has no size: give "
              "--bar-size vf:bar0=SIZE, or lspci -vv's \"Region 0: ... [size=...]\" line of a VF");
}

TEST(DumpImport, BarSizeOption) {
    const bar_size_option a = parse_bar_size_option("pf:bar2=32");
    EXPECT_FALSE(a.pf_rid.has_value());
    EXPECT_FALSE(a.vf);
    EXPECT_EQ(a.bar, 2u);
    EXPECT_EQ(a.size, 32u);
    const bar_size_option b = parse_bar_size_option("01:00.1/vf:bar3=16K");
    EXPECT_EQ(b.pf_rid, uint16_t{0x0101});
    EXPECT_TRUE(b.vf);
    EXPECT_EQ(b.size, 16384u);
    for (const char* bad :
         {"pf:bar6=4K", "bar0=4K", "pf:bar0=", "pf:bar0=3K", "zz/pf:bar0=4K", "vf:bar1=4Q"}) {
        EXPECT_THROW(parse_bar_size_option(bad), import_error) << bad;
    }
}

TEST(DumpImport, LiveRegisterContentsAreIgnored) {
    // A device in use: Command, BAR addresses, status RW1C bits, MSI-X Enable,
    // Device Control, Link Status's negotiated width, SR-IOV Control and NumVFs.
    std::string dump = dump_with_vfs(intel);
    const std::string pf = "01:00.0";
    dump = with_byte(dump, pf, reg::command, 0x06);
    dump = with_byte(dump, pf, reg::status + 1, 0x40); // Signaled System Error
    dump = with_byte(dump, pf, reg::bar0 + 2, 0xC0);   // address bits
    dump = with_byte(dump, pf, default_layout::pcie_cap + pcie_field::dev_status,
                     0x24); // RW1C + pending
    dump = with_byte(dump, pf, default_layout::pcie_cap + pcie_field::link_status, 0x13); // x1
    dump = with_byte(dump, pf, default_layout::msix_cap + msix_field::ctrl + 1, 0x80);
    const std::string text = import_text(dump, sizes_of(intel));
    const device_description p = parse_device_description(text, "i.toml", buses);
    EXPECT_TRUE(canonical(with_timing_of(p, intel)) == canonical(intel)) << text;
}

namespace {

// The 82599's dump with PF byte `off` set to `value`: refused with `message`,
// and imported with --allow-differences.
import_result refused_unless_allowed(unsigned off, unsigned value, const std::string& message) {
    const std::string dump = with_byte(dump_with_vfs(intel), "01:00.0", off, value);
    EXPECT_EQ(import_error_of(dump, sizes_of(intel)), "d.lspci:1: 01:00.0: " + message);
    return import_allowing_differences(dump);
}

} // namespace

TEST(DumpImport, ReadOnlyByteTheSchemaCannotHoldIsRefused) {
    const import_result r = refused_unless_allowed(
        reg::interrupt_pin, 2,
        "the description cannot reproduce 1 read-only byte of the dump: 01:00.0 0x03D = 0x02, "
        "the model reads 0x01 (interrupt_pin); --allow-differences writes it anyway and lists "
        "them");
    EXPECT_NE(write_device_description(r, {"d.lspci"})
                  .find("# Note: differs: 01:00.0 0x03D = 0x02, the model reads 0x01"),
              std::string::npos);
}

TEST(DumpImport, CapabilityWithoutSchemaTypeIsRefusedNamingIt) {
    // PM's ID 01h changed to VPD's 03h in the PF.
    const import_result r = refused_unless_allowed(
        default_layout::pm_cap, 0x03,
        "standard capability ID 0x03 (VPD) at 0x040 has no type in the device description "
        "schema, which cannot hold it as raw bytes either (vendor_specific entries have their "
        "own ID); --allow-differences leaves it out");
    ASSERT_EQ(r.pfs.size(), 1u);
    EXPECT_EQ(r.pfs[0].pf.pf_capabilities.front().kind(), capability_kind::msix);
}

TEST(DumpImport, PfWithoutVfDumpOrExtendedSpaceIsRefused) {
    const std::string dump = dump_with_vfs(intel);
    const std::string pf_only = dump.substr(0, dump.find("\n\n") + 1);
    EXPECT_EQ(import_error_of(pf_only, sizes_of(intel)),
              "d.lspci:1: 01:00.0: no VF of this PF in the dump (VF 0 would be 02:10.0): a VF's "
              "capability list and header cannot be derived from the PF's; enable VFs "
              "(sriov_numvfs) and dump one with it");
    // lspci -xxx: 256 bytes, no extended capabilities, so no SR-IOV capability.
    const std::string short_dump = pf_only.substr(0, pf_only.find("\n100:") + 1);
    EXPECT_EQ(import_error_of(short_dump),
              "d.lspci:1: no SR-IOV PF in the dump: no function has an SR-IOV Extended "
              "Capability; d.lspci:1 01:00.0 has 256 bytes: extended capabilities (SR-IOV, ARI, "
              "AER, ...) are at 0x100 and above, beyond an lspci -xxx dump: dump with lspci "
              "-xxxx as root");
}

TEST(DumpImport, MalformedTextNamesFileAndLine) {
    const std::string dump = dump_with_vfs(intel);
    const auto error_of = [](const std::string& text) {
        try {
            parse_lspci_text(text, "d.lspci");
        } catch (const import_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string head = "01:00.0 Ethernet controller: x\n";
    const std::string row0 = "000: 86 80 fb 10 00 00 10 00 01 00 00 02 00 00 00 00\n";
    EXPECT_EQ(error_of(row0), "d.lspci:1: hex line before any \"bb:dd.f\" header line");
    EXPECT_EQ(error_of(head + "000: 86 80 fb 1g 00 00 10 00 01 00 00 02 00 00 00 00\n"),
              "d.lspci:2: bad hex byte '1g' at column 15");
    EXPECT_EQ(error_of(head + "000: 86 80 fb 10 00 00 10 00 01 00 00 02 00 00 00\n"),
              "d.lspci:2: short hex line: 15 bytes, expected 16");
    EXPECT_EQ(error_of(head + row0 + "020: 00\n"),
              "d.lspci:3: offset 0x20 out of order: expected 0x10");
    EXPECT_EQ(error_of(head + row0 + "garbage\n"),
              "d.lspci:3: not an lspci line: expected a \"bb:dd.f\" header, a hex line \"xx: "
              "...\", an indented -v line or a '#' comment");
    EXPECT_EQ(error_of(head + row0),
              "d.lspci:1: 01:00.0: 16 bytes of configuration space; lspci prints 64 (-x), 256 "
              "(-xxx) or 4096 (-xxxx)");
    EXPECT_EQ(error_of(head + head), "d.lspci:2: function 01:00.0 appears twice");
    EXPECT_EQ(error_of(""), "d.lspci: no function: expected `lspci -xxxx` output");
    // Comments, CRLF, a PCI domain, -vv lines (a blank one too: found by
    // fuzz_dump_import) and two-digit offsets are accepted.
    std::string crlf = "# from a test\r\n0000:" + head.substr(0, head.size() - 1) +
                       "\r\n\tFlags: x\r\n\t\r\n"; // an indented line of blanks only
    for (unsigned row = 0; row < 4; ++row) {
        crlf +=
            fmt::format("{:02x}: 86 80 fb 10 00 00 10 00 01 00 00 02 00 00 00 00\r\n", row * 16);
    }
    const auto f = parse_lspci_text(crlf, "d.lspci");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].rid, 0x0100);
    EXPECT_EQ(f[0].bytes.size(), 64u);
}

TEST(DumpImport, BinaryConfigFilesNamedBySysfsFolder) {
    sriov_device dev(intel);
    const auto folder = std::filesystem::temp_directory_path() / "sriov_dump_import_test";
    std::filesystem::remove_all(folder);
    std::vector<std::string> dumps;
    const auto write_function = [&](routing_id rid, const std::string& name) {
        std::filesystem::create_directories(folder / name);
        std::string bytes;
        for (uint16_t dw = 0; dw < 1024; ++dw) {
            const uint32_t v = dev.peek_dw(rid, dw).value_or(0xFFFFFFFF);
            for (unsigned b = 0; b < 4; ++b) {
                bytes += static_cast<char>((v >> (8 * b)) & 0xFF);
            }
        }
        const std::string path = (folder / name / "config").string();
        std::ofstream(path, std::ios::binary) << bytes;
        dumps.push_back(path);
    };
    const uint16_t s = dev.pf_layout().capability_offset(capability_kind::sriov);
    const uint64_t t = intel.reset_ready_ns;
    dev.write(dev.pf_rid(), static_cast<uint16_t>(s + sriov_field::num_vfs), 2, 1, t);
    dev.write(dev.pf_rid(), static_cast<uint16_t>(s + sriov_field::ctrl), 2,
              bits::sriov_ctrl_vf_enable, t);
    write_function(dev.pf_rid(), "0000:01:00.0");
    write_function(dev.vf_rid(0), "0000:02:10.0");
    std::vector<function_dump> all;
    for (const std::string& d : dumps) {
        for (function_dump& f : read_config_dump(d)) {
            all.push_back(std::move(f));
        }
    }
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1].rid, 0x0280); // 02:10.0
    const import_result r = import_device(all, sizes_of(intel));
    ASSERT_EQ(r.pfs.size(), 1u);
    EXPECT_TRUE(canonical(with_timing_of(r.device, intel)) == canonical(intel));
    EXPECT_THROW(parse_config_binary(std::string(100, '\0'), "c", 0x100), import_error);
    std::filesystem::remove_all(folder);
}

TEST(DumpImport, SeveralPfsWriteArrayOfPfTables) {
    // Two PFs of one device at 01:00.0 and 01:00.1, each with its VFs
    // (tests/config/profiles/dual-pf.toml); PF 1's BAR0 size named by its RID.
    device_description two =
        load_device_description(SRIOV_SOURCE_DIR "/tests/config/profiles/dual-pf.toml", buses);
    ASSERT_EQ(two.pfs.size(), 2u);
    two.pfs[1].pf_bars[0].size = 1u << 20;
    const std::string dump = dump_with_vfs(two);
    import_options o = sizes_of(intel);
    o.bar_sizes.insert(o.bar_sizes.begin(), parse_bar_size_option("01:00.1/pf:bar0=1M"));
    const import_result r = import_device(parse_lspci_text(dump, "d.lspci"), o);
    ASSERT_EQ(r.pfs.size(), 2u);
    EXPECT_EQ(r.pfs[1].pf.pf_rid, 0x0101);
    EXPECT_EQ(r.pfs[0].pf.pf_bars[0].size, 512u << 10);
    EXPECT_EQ(r.pfs[1].pf.pf_bars[0].size, 1u << 20);
    EXPECT_EQ(r.pfs[1].vf_sources.size(), 4u);
    const std::string text = write_device_description(r, {"d.lspci"});
    const auto count = [&text](const std::string& what) {
        size_t n = 0;
        for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
            ++n;
        }
        return n;
    };
    EXPECT_EQ(count("\n[[pf]]\nrid = \"01:00.0\"\n"), 1u);
    EXPECT_EQ(count("\n[[pf]]\nrid = \"01:00.1\"\n"), 1u);
    EXPECT_EQ(count("\n[pf]\n"), 0u);
    EXPECT_EQ(count("\n[pf.sriov]\n"), 2u);
    // The reader takes it back: the same two PFs, and the same dump.
    const device_description back = parse_device_description(text, "two.toml", buses);
    ASSERT_EQ(back.pfs.size(), 2u);
    EXPECT_EQ(back.pfs[1].pf_bars[0].size, 1u << 20);
    EXPECT_EQ(dump_with_vfs(back), dump);
}

TEST(DumpImport, RealIntel82576PfDump) {
    // pciutils' tests/cap-pcie-2: a real 82576 PF (lspci -vvxxxx), VFs enabled but not dumped.
    const std::string path =
        SRIOV_SOURCE_DIR + std::string("/tests/config/dumps/intel-82576-pf.lspci");
    const std::vector<function_dump> f = read_config_dump(path);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].rid, 0x0900);
    EXPECT_EQ(f[0].bytes.size(), 4096u);
    EXPECT_EQ(f[0].region_size[0], uint64_t{128} << 10);
    EXPECT_EQ(f[0].region_size[1], uint64_t{128} << 10);
    EXPECT_EQ(f[0].region_size[2], uint64_t{32});
    EXPECT_EQ(f[0].region_size[3], uint64_t{16} << 10);
    EXPECT_FALSE(f[0].region_size[4].has_value());
    EXPECT_FALSE(f[0].sriov_region_size[0].has_value()); // pciutils prints no VF BAR sizes
    try {
        import_device(f, {});
        FAIL() << "imported a PF without VFs";
    } catch (const import_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  path + ":5: 09:00.0: no VF of this PF in the dump (VF 0 would be 09:10.0): a "
                         "VF's capability list and header cannot be derived from the PF's; enable "
                         "VFs (sriov_numvfs) and dump one with it");
    }
}
