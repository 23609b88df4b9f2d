// Conformance of the shipped real devices (profiles/, docs/device-description.md
// "Shipped real devices"): sriov-sim builds each device from its description, the
// Linux flow enables every VF, and the real `lspci -F DUMP -vvv -nn` decodes the
// PF, its first and its last VF. Every expectation is read from the TOML file
// with toml++ and spelled the way pciutils prints it (lspci.c, ls-caps.c,
// ls-ecaps.c), independently of the model's structs: IDs, class, revision,
// BAR kinds, each capability at its offset in chain order, and its decoded fields.
#include <toml++/toml.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

// ---------------------------------------------------------------- helpers

struct run_result {
    int rc;
    std::string out;
};

// `cmd`'s exit status and output; stderr joins stdout unless `stderr_to` names a file.
run_result run(const std::string& cmd, const std::string& stderr_to = "&1") {
    run_result r{-1, {}};
    FILE* pipe = popen((cmd + " 2>" + stderr_to).c_str(), "r");
    if (pipe == nullptr) {
        return r;
    }
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        r.out.append(buf.data(), n);
    }
    r.rc = pclose(pipe);
    return r;
}

// Tabs to spaces, runs of spaces to one: lspci aligns with both.
std::string squeeze(const std::string& s) {
    std::string o;
    for (char c : s) {
        c = c == '\t' ? ' ' : c;
        if (c == ' ' && !o.empty() && (o.back() == ' ' || o.back() == '\n')) {
            continue;
        }
        o += c;
    }
    return o;
}

char pm(uint64_t v, unsigned bit) {
    return (v >> bit) & 1u ? '+' : '-';
}

uint64_t u(const toml::table& t, const char* key, uint64_t def) {
    return t[key].value<int64_t>().has_value() ? static_cast<uint64_t>(*t[key].value<int64_t>())
                                               : def;
}

bool flag(const toml::table& t, const char* key, bool def) {
    return t[key].value<bool>().value_or(def);
}

uint16_t parse_rid(const std::string& s) {
    unsigned b = 0, d = 0, f = 0;
    EXPECT_EQ(std::sscanf(s.c_str(), "%x:%x.%x", &b, &d, &f), 3) << s;
    return static_cast<uint16_t>(b << 8 | d << 3 | f);
}

std::string bdf(uint32_t rid) {
    return fmt::format("{:02x}:{:02x}.{:x}", rid >> 8, (rid >> 3) & 0x1F, rid & 7);
}

// ---------------------------------------------------------------- lspci text

struct lspci_cap {
    unsigned offset;
    std::string text; // the title line and its details, squeezed
};

struct lspci_function {
    std::string header; // the lines before the first capability
    std::vector<lspci_cap> caps;
};

std::map<std::string, lspci_function> parse_lspci(const std::string& out) {
    std::map<std::string, lspci_function> fns;
    lspci_function* fn = nullptr;
    std::istringstream in(out);
    std::string line;
    const std::regex cap_re(R"(^\tCapabilities: \[([0-9a-f]+)[ \]])");
    std::smatch m;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != '\t' && line.size() > 7 && line[2] == ':') {
            fn = &fns[line.substr(0, 7)];
            fn->header = line + "\n";
        } else if (fn == nullptr) {
            continue;
        } else if (std::regex_search(line, m, cap_re)) {
            fn->caps.push_back({static_cast<unsigned>(std::stoul(m[1], nullptr, 16)), {}});
            fn->caps.back().text = squeeze(line.substr(1)) + "\n";
        } else if (line.rfind("\t\t", 0) == 0 && !fn->caps.empty()) {
            fn->caps.back().text += squeeze(line) + "\n";
        } else if (fn->caps.empty()) {
            fn->header += squeeze(line) + "\n";
        }
    }
    return fns;
}

// The blocks of a `--dump-config` file for the wanted functions only (a 2048-VF
// dump is 28 MB; lspci reads what it is given).
std::string keep_functions(const std::string& dump, const std::set<std::string>& wanted) {
    std::string kept;
    size_t pos = 0;
    while (pos < dump.size()) {
        size_t end = dump.find("\n\n", pos);
        end = end == std::string::npos ? dump.size() : end + 2;
        if (wanted.count(dump.substr(pos, 7)) != 0) {
            kept += dump.substr(pos, end - pos);
            if (kept.back() != '\n' || kept[kept.size() - 2] != '\n') {
                kept += "\n";
            }
        }
        pos = end;
    }
    return kept;
}

// ---------------------------------------------------------------- expectations

// One expected capability: its offset, and texts (squeezed, as regexes) its
// lspci block must contain. `optional` ones apply only when lspci prints the label.
struct expect_cap {
    unsigned offset = 0;
    std::vector<std::string> needles;
    std::vector<std::pair<std::string, std::string>> optional; // label, needle
};

std::string lit(const std::string& s) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(squeeze(s), special, R"(\$&)");
}

const char* const l0s_latency[] = {"<64ns", "<128ns", "<256ns", "<512ns",
                                   "<1us",  "<2us",   "<4us",   "unlimited"};
const char* const l1_latency[] = {"<1us",  "<2us",  "<4us",  "<8us",
                                  "<16us", "<32us", "<64us", "unlimited"};
const char* const link_speed[] = {"", "2.5GT/s", "5GT/s", "8GT/s", "16GT/s", "32GT/s", "64GT/s"};
const char* const aspm[] = {"not supported", "L0s", "L1", "L0s L1"};
const char* const timeout_ranges[] = {"Not Supported", "Range A",   "Range B",   "Range AB",
                                      "Range C",       "Range AC",  "Range BC",  "Range ABC",
                                      "Range D",       "Range AD",  "Range BD",  "Range ABD",
                                      "Range CD",      "Range ACD", "Range BCD", "Range ABCD"};
const unsigned aux_current_ma[] = {0, 55, 100, 160, 220, 270, 320, 375};

struct link_params {
    unsigned gen;
    unsigned width;
};

void expect_pm(const toml::table& c, expect_cap& e) {
    const uint64_t pmc = u(c, "pmc", 0x0003);
    e.needles.push_back(lit(fmt::format("Power Management version {}", pmc & 7)));
    e.needles.push_back(lit(fmt::format(
        "Flags: PMEClk{} DSI{} D1{} D2{} AuxCurrent={}mA PME(D0{},D1{},D2{},D3hot{},D3cold{})",
        pm(pmc, 3), pm(pmc, 5), pm(pmc, 9), pm(pmc, 10), aux_current_ma[(pmc >> 6) & 7],
        pm(pmc, 11), pm(pmc, 12), pm(pmc, 13), pm(pmc, 14), pm(pmc, 15))));
    e.needles.push_back(
        lit(fmt::format("NoSoftRst{}", flag(c, "no_soft_reset", true) ? '+' : '-')));
}

void expect_msi(const toml::table& c, expect_cap& e) {
    e.needles.push_back(lit(fmt::format(
        "MSI: Enable- Count=1/{} Maskable{} 64bit{}", 1u << u(c, "multiple_message_capable", 0),
        flag(c, "per_vector_mask", false) ? '+' : '-', flag(c, "address64", true) ? '+' : '-')));
}

void expect_msix(const toml::table& c, bool vf, expect_cap& e) {
    const uint64_t bir = u(c, "table_bir", vf ? 3 : 4);
    e.needles.push_back(lit("MSI-X: Enable"));
    e.needles.push_back(lit(fmt::format(" Count={} ", u(c, "table_size", vf ? 3 : 64))));
    e.needles.push_back(
        lit(fmt::format("Vector table: BAR={} offset={:08x}", bir, u(c, "table_offset", 0))));
    e.needles.push_back(lit(fmt::format("PBA: BAR={} offset={:08x}", u(c, "pba_bir", bir),
                                        u(c, "pba_offset", 0x2000))));
}

void expect_pcie(const toml::table& c, bool vf, const link_params& link, expect_cap& e) {
    const uint64_t dc = u(c, "device_capabilities", 0x10008022);
    const uint64_t ctl =
        vf ? 0 : u(c, "device_control", 0x2810); // RsvdP in a VF (SR-IOV 1.1 3.5.4)
    const uint64_t lc = u(c, "link_capabilities", 0);
    const uint64_t dc2 = u(c, "device_capabilities2", 0x1F);
    e.needles.push_back(lit("Express (v2) Endpoint"));
    e.needles.push_back(lit(fmt::format(
        "DevCap: MaxPayload {} bytes, PhantFunc {}, Latency L0s {}, L1 {}", 128u << (dc & 7),
        (dc >> 3) & 3, l0s_latency[(dc >> 6) & 7], l1_latency[(dc >> 9) & 7])));
    e.needles.push_back(
        lit(fmt::format("ExtTag{} AttnBtn{} AttnInd{} PwrInd{} RBE{} FLReset{}", pm(dc, 5),
                        pm(dc, 12), pm(dc, 13), pm(dc, 14), pm(dc, 15), pm(dc, 28))));
    e.needles.push_back(
        lit(fmt::format("RlxdOrd{} ExtTag{} PhantFunc{} AuxPwr{} NoSnoop{}", pm(ctl, 4), pm(ctl, 8),
                        pm(ctl, 9), pm(ctl, 10), pm(ctl, 11))));
    e.needles.push_back(lit(fmt::format("MaxPayload {} bytes, MaxReadReq {} bytes",
                                        128u << ((ctl >> 5) & 7), 128u << ((ctl >> 12) & 7))));
    std::string cap = fmt::format("LnkCap: Port #{}, Speed {}, Width x{}, ASPM {}", lc >> 24,
                                  link_speed[link.gen], link.width, aspm[(lc >> 10) & 3]);
    if ((lc >> 10) & 3) {
        cap += ", Exit Latency ";
        cap += (lc >> 10) & 1 ? fmt::format("L0s {}", l0s_latency[(lc >> 12) & 7]) : "";
        if ((lc >> 11) & 1) {
            cap += fmt::format("{}L1 {}", (lc >> 10) & 1 ? ", " : "", l1_latency[(lc >> 15) & 7]);
        }
    }
    e.needles.push_back(lit(cap + "\n"));
    e.needles.push_back(
        lit(fmt::format("ClockPM{} Surprise{} LLActRep{} BwNot{} ASPMOptComp{}", pm(lc, 18),
                        pm(lc, 19), pm(lc, 20), pm(lc, 21), pm(lc, 22))));
    if (vf) { // Link Status is RsvdZ in a VF (SR-IOV: the PF reports the link)
        e.needles.push_back(lit("LnkSta: Speed unknown (downgraded), Width x0 (downgraded)"));
        e.needles.push_back(lit("SlotClk-"));
    } else {
        e.needles.push_back(lit(fmt::format("SlotClk{}", flag(c, "slot_clock", true) ? '+' : '-')));
    }
    e.needles.push_back(lit(fmt::format("DevCap2: Completion Timeout: {}, TimeoutDis{}",
                                        timeout_ranges[dc2 & 0xF], pm(dc2, 4))));
    e.needles.push_back(lit(fmt::format("NROPrPrP{} LTR{}", pm(dc2, 10), pm(dc2, 11))));
    e.needles.push_back(lit(fmt::format("10BitTagComp{} 10BitTagReq{}", pm(dc2, 16), pm(dc2, 17))));
    e.optional.emplace_back("AtomicOpsCap:",
                            lit(fmt::format("AtomicOpsCap: 32bit{} 64bit{} 128bitCAS{}", pm(dc2, 7),
                                            pm(dc2, 8), pm(dc2, 9))));
    e.optional.emplace_back("Supported Link Speeds:",
                            lit(fmt::format("Supported Link Speeds: {}{}",
                                            link.gen > 1 ? "2.5-" : "", link_speed[link.gen])));
}

std::string ue_flags(uint64_t v) {
    return fmt::format("DLP{} SDES{} TLP{} FCP{} CmpltTO{} CmpltAbrt{} UnxCmplt{} RxOF{} "
                       "MalfTLP{} ECRC{} UnsupReq{} ACSViol{}",
                       pm(v, 4), pm(v, 5), pm(v, 12), pm(v, 13), pm(v, 14), pm(v, 15), pm(v, 16),
                       pm(v, 17), pm(v, 18), pm(v, 19), pm(v, 20), pm(v, 21));
}

void expect_aer(const toml::table& c, expect_cap& e) {
    const uint64_t ce = u(c, "correctable_mask", 0xE000);
    const uint64_t caps = u(c, "capabilities", 0);
    e.needles.push_back(lit(fmt::format(" v{}] Advanced Error Reporting", u(c, "version", 2))));
    e.needles.push_back(lit("UEMsk: " + ue_flags(u(c, "uncorrectable_mask", 0)) + "\n"));
    e.needles.push_back(
        lit("UESvrt: " + ue_flags(u(c, "uncorrectable_severity", 0x00462030)) + "\n"));
    e.needles.push_back(
        lit(fmt::format("CEMsk: RxErr{} BadTLP{} BadDLLP{} Rollover{} Timeout{} "
                        "AdvNonFatalErr{}",
                        pm(ce, 0), pm(ce, 6), pm(ce, 7), pm(ce, 8), pm(ce, 12), pm(ce, 13))));
    e.needles.push_back(lit(fmt::format("AERCap: First Error Pointer: 00, ECRCGenCap{} ECRCGenEn- "
                                        "ECRCChkCap{} ECRCChkEn-",
                                        pm(caps, 5), pm(caps, 7))));
}

void expect_sriov(const toml::table& pf, uint16_t num_vfs, expect_cap& e) {
    const toml::table& s = *pf["sriov"].as_table();
    const uint64_t total = u(s, "total_vfs", 0);
    const bool mig = flag(s, "migration_capable", false);
    const uint64_t own_fn = parse_rid(pf["rid"].value_or(std::string("01:00.0"))) & 0xFF;
    e.needles.push_back(lit("Single Root I/O Virtualization (SR-IOV)"));
    e.needles.push_back(lit(fmt::format("IOVCap: Migration{}", mig ? '+' : '-')));
    e.needles.push_back(lit(fmt::format(
        "Initial VFs: {}, Total VFs: {}, Number of VFs: {}, Function Dependency Link: {:02x}",
        u(s, "initial_vfs", total), total, num_vfs, u(s, "function_dependency_link", own_fn))));
    e.needles.push_back(lit(fmt::format("VF offset: {}, stride: {}, Device ID: {:04x}",
                                        u(s, "first_vf_offset", 0x180), u(s, "vf_stride", 2),
                                        u(s, "vf_device_id", 0))));
    e.needles.push_back(lit(fmt::format("Supported Page Size: {:08x}, System Page Size: 00000001",
                                        u(s, "supported_page_sizes", 0x553))));
    const toml::table* bars = s["vf_bars"].as_table();
    for (unsigned i = 0; bars != nullptr && i < 6; ++i) {
        if (const toml::table* b = (*bars)["bar" + std::to_string(i)].as_table()) {
            e.needles.push_back(
                fmt::format(R"(Region {}: Memory at [0-9a-f]+ \({}-bit, {}prefetchable\))", i,
                            (*b)["kind"].value_or(std::string()) == "mem64" ? 64 : 32,
                            flag(*b, "prefetchable", false) ? "" : "non-"));
        }
    }
}

void expect_cap_fields(const toml::table& c, const toml::table& pf, bool vf,
                       const link_params& link, uint16_t num_vfs, expect_cap& e) {
    const std::string type = c["type"].value_or(std::string());
    const auto bytes = [&c] { return c["bytes"].as_array() ? c["bytes"].as_array()->size() : 0u; };
    if (type == "pm") {
        expect_pm(c, e);
    } else if (type == "msi") {
        expect_msi(c, e);
    } else if (type == "msix") {
        expect_msix(c, vf, e);
    } else if (type == "pcie") {
        expect_pcie(c, vf, link, e);
    } else if (type == "vendor_specific") {
        e.needles.push_back(
            lit(fmt::format("Vendor Specific Information: Len={:02x} <?>", 3 + bytes())));
    } else if (type == "aer") {
        expect_aer(c, e);
    } else if (type == "ari") {
        e.needles.push_back(
            lit(fmt::format("ARICap: MFVC- ACS-, Next Function: {}\n", u(c, "next_function", 0))));
    } else if (type == "sriov") {
        expect_sriov(pf, num_vfs, e);
    } else if (type == "ats") {
        e.needles.push_back(lit(fmt::format("ATSCap: Invalidate Queue Depth: {:02x}",
                                            u(c, "invalidate_queue_depth", 0))));
    } else if (type == "acs") {
        const uint64_t a = u(c, "capability", 0);
        e.needles.push_back(lit(fmt::format(
            "ACSCap: SrcValid{} TransBlk{} ReqRedir{} CmpltRedir{} UpstreamFwd{} EgressCtrl{} "
            "DirectTrans{}",
            pm(a, 0), pm(a, 1), pm(a, 2), pm(a, 3), pm(a, 4), pm(a, 5), pm(a, 6))));
    } else if (type == "dsn") {
        // An integer, or a string for EUI-64s past 2^63 ("0x0012_34FF_FE56_789A").
        std::string text = c["serial_number"].value_or(std::string());
        text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
        const uint64_t sn = text.empty() ? u(c, "serial_number", 0) : std::stoull(text, nullptr, 0);
        std::string s = "Device Serial Number ";
        for (int b = 7; b >= 0; --b) {
            s += fmt::format("{:02x}{}", (sn >> (8 * b)) & 0xFF, b ? "-" : "");
        }
        e.needles.push_back(lit(s));
    } else if (type == "vendor_specific_ext") {
        e.needles.push_back(
            lit(fmt::format("Vendor Specific Information: ID={:04x} Rev={} Len={:03x} <?>",
                            u(c, "vsec_id", 0), u(c, "vsec_rev", 0), 8 + bytes())));
    } else {
        ADD_FAILURE() << "unknown capability type " << type;
    }
}

// The capabilities of one function kind in lspci's order: the standard chain,
// then the extended one, each in list order.
std::vector<expect_cap> expected_caps(const toml::table& pf, bool vf, const link_params& link,
                                      uint16_t num_vfs) {
    const toml::array* list = vf ? pf["vf"]["capability"].as_array() : pf["capability"].as_array();
    std::vector<expect_cap> standard, extended;
    if (list == nullptr) {
        ADD_FAILURE() << "the conformance test needs the capability list spelled out";
        return standard;
    }
    for (const toml::node& n : *list) {
        const toml::table& c = *n.as_table();
        expect_cap e;
        e.offset = static_cast<unsigned>(u(c, "offset", 0));
        expect_cap_fields(c, pf, vf, link, num_vfs, e);
        (e.offset < 0x100 ? standard : extended).push_back(e);
    }
    standard.insert(standard.end(), extended.begin(), extended.end());
    return standard;
}

// ---------------------------------------------------------------- checks

void check_caps(const std::string& who, const lspci_function& fn,
                const std::vector<expect_cap>& want) {
    std::vector<unsigned> got_offsets, want_offsets;
    for (const lspci_cap& c : fn.caps) {
        got_offsets.push_back(c.offset);
    }
    for (const expect_cap& e : want) {
        want_offsets.push_back(e.offset);
    }
    EXPECT_EQ(got_offsets, want_offsets) << who << ": capability offsets in chain order";
    for (size_t i = 0; i < want.size() && i < fn.caps.size(); ++i) {
        const std::string& text = fn.caps[i].text;
        for (const std::string& needle : want[i].needles) {
            EXPECT_TRUE(std::regex_search(text, std::regex(needle)))
                << who << ": no /" << needle << "/ in:\n"
                << text;
        }
        for (const auto& [label, needle] : want[i].optional) {
            if (text.find(label) != std::string::npos) {
                EXPECT_TRUE(std::regex_search(text, std::regex(needle)))
                    << who << ": no /" << needle << "/ in:\n"
                    << text;
            }
        }
    }
}

void check_header(const std::string& who, const lspci_function& fn, const toml::table& pf,
                  bool vf) {
    const uint64_t cls =
        vf ? u(*pf["vf"].as_table(), "class_code", 0x020000) : u(pf, "class_code", 0x020000);
    const uint64_t rev = u(pf, "revision_id", 0x01);
    const uint64_t svid = u(pf, "subsystem_vendor_id", 0x8086);
    const uint64_t ssid =
        vf ? u(*pf["vf"].as_table(), "subsystem_id", 0x000C) : u(pf, "subsystem_id", 0x000C);
    // A VF's Vendor and Device ID read FFFFh (SR-IOV 3.4.1.1, 3.4.1.2).
    const std::string ids =
        vf ? "ffff:ffff"
           : fmt::format("{:04x}:{:04x}", u(pf, "vendor_id", 0), u(pf, "device_id", 0));
    std::vector<std::string> needles = {
        fmt::format(R"(^{} .*\[{:04x}\]: .*\[{}\])", lit(who.substr(0, 7)), cls >> 8, ids),
        fmt::format(R"(Subsystem: .*\[{:04x}:{:04x}\])", svid, ssid)};
    if (rev != 0) {
        needles.push_back(lit(fmt::format("(rev {:02x})", rev)));
    }
    if ((cls & 0xFF) != 0) {
        needles.push_back(lit(fmt::format("(prog-if {:02x}", cls & 0xFF)));
    }
    const toml::table* bars = pf["bars"].as_table();
    for (unsigned i = 0; !vf && bars != nullptr && i < 6; ++i) {
        const toml::table* b = (*bars)["bar" + std::to_string(i)].as_table();
        const std::string kind = b ? (*b)["kind"].value_or(std::string()) : "";
        const std::string region = fmt::format("Region {}: ", i);
        const bool shown = fn.header.find(region) != std::string::npos;
        if (kind == "io") {
            needles.push_back(region + "I/O ports at ");
        } else if (kind == "mem32" && !flag(*b, "prefetchable", false) && !shown) {
            // Unassigned, it reads 00000000: without sysfs sizes lspci -F cannot
            // tell it from an absent BAR and prints nothing.
        } else if (!kind.empty()) {
            needles.push_back(fmt::format(R"({}Memory at .*\({}-bit, {}prefetchable\))", region,
                                          kind == "mem64" ? 64 : 32,
                                          flag(*b, "prefetchable", false) ? "" : "non-"));
            i += kind == "mem64" ? 1 : 0; // its upper half
        } else {
            EXPECT_FALSE(shown) << who << ": BAR" << i << " is not in the description:\n"
                                << fn.header;
        }
    }
    for (const std::string& needle : needles) {
        EXPECT_TRUE(std::regex_search(fn.header, std::regex(needle)))
            << who << ": no /" << needle << "/ in:\n"
            << fn.header;
    }
}

struct pf_view {
    const toml::table* pf;
    uint16_t rid;
    std::vector<uint32_t> vfs; // first and last VF
};

std::string profile_path(const std::string& name) {
    return std::string(SRIOV_SOURCE_DIR) + "/profiles/" + name + ".toml";
}

toml::table load(const std::string& path) {
    try {
        return toml::parse_file(path);
    } catch (const toml::parse_error& err) {
        ADD_FAILURE() << path << ": " << err.description();
        return {};
    }
}

// Builds the device of profiles/NAME.toml, enables, dumps and decodes it, and
// checks lspci's text against `doc` (that file, parsed).
void check_against(const std::string& name, const toml::table& doc) {
#ifndef SRIOV_LSPCI
    (void)name;
    (void)doc;
    GTEST_SKIP() << "lspci not found at configure time";
#else
    const std::string path = profile_path(name);
    std::vector<pf_view> pfs;
    uint64_t max_vfs = 0;
    const auto add_pf = [&](const toml::table& pf) {
        const toml::table& s = *pf["sriov"].as_table();
        const uint16_t rid = parse_rid(pf["rid"].value_or(std::string("01:00.0")));
        const uint64_t total = u(s, "total_vfs", 0), off = u(s, "first_vf_offset", 0x180),
                       stride = u(s, "vf_stride", 2);
        pfs.push_back({&pf,
                       rid,
                       {static_cast<uint32_t>(rid + off),
                        static_cast<uint32_t>(rid + off + (total - 1) * stride)}});
        max_vfs = std::max(max_vfs, total);
    };
    if (const toml::array* several = doc["pf"].as_array()) {
        for (const toml::node& n : *several) {
            add_pf(*n.as_table());
        }
    } else if (const toml::table* one = doc["pf"].as_table()) {
        add_pf(*one);
    }
    ASSERT_FALSE(pfs.empty()) << path << ": no [pf]";

    // Per test: ctest runs the tests of this file in parallel, some on the same device.
    const std::string dump = ::testing::TempDir() + "shipped_" + name + "_" +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                             ".dump";
    const run_result sim = run(fmt::format("{} --quiet --flow linux --num-vfs {} --device {} "
                                           "--dump-config {}",
                                           SRIOV_SIM, max_vfs, path, dump));
    if (sim.rc != 0 &&
        sim.out.find("several PFs ([[pf]]) are not supported yet") != std::string::npos) {
        GTEST_SKIP() << name << " has several PFs ([[pf]]); the loader says: " << sim.out;
    }
    ASSERT_EQ(sim.rc, 0) << sim.out;

    std::set<std::string> wanted;
    for (const pf_view& p : pfs) {
        wanted.insert(bdf(p.rid));
        wanted.insert(bdf(p.vfs[0]));
        wanted.insert(bdf(p.vfs[1]));
    }
    std::string all;
    {
        std::ifstream in(dump);
        all.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::remove(dump.c_str()); // 28 MB for 2048 VFs
    const std::string kept_path = dump + ".kept";
    std::ofstream(kept_path) << keep_functions(all, wanted);
    const run_result ls =
        run(fmt::format("{} -F {} -vvv -nn", SRIOV_LSPCI, kept_path), kept_path + ".stderr");
    ASSERT_EQ(ls.rc, 0) << ls.out << "(stderr in " << kept_path << ".stderr)";
    const auto fns = parse_lspci(ls.out);

    const toml::table* link_t = doc["link"].as_table();
    const link_params link{static_cast<unsigned>(link_t ? u(*link_t, "gen", 3) : 3),
                           static_cast<unsigned>(link_t ? u(*link_t, "width", 4) : 4)};
    for (const pf_view& p : pfs) {
        const uint16_t num_vfs =
            static_cast<uint16_t>(u(*(*p.pf)["sriov"].as_table(), "total_vfs", 0));
        const std::vector<std::pair<uint32_t, bool>> who = {
            {p.rid, false}, {p.vfs[0], true}, {p.vfs[1], true}};
        for (const auto& [rid, vf] : who) {
            const std::string b = bdf(rid);
            const auto it = fns.find(b);
            ASSERT_NE(it, fns.end()) << name << ": lspci shows no " << b << ":\n" << ls.out;
            const std::string label = b + (vf ? " (VF of " + bdf(p.rid) + ")" : " (PF)");
            check_header(label, it->second, *p.pf, vf);
            check_caps(label, it->second, expected_caps(*p.pf, vf, link, num_vfs));
        }
    }
#endif
}

void check_device(const std::string& name) {
    check_against(name, load(profile_path(name)));
}

// The I350 built from its file but checked against a copy whose ARI Next
// Function reads 2: the check must report the difference.
void check_i350_against_changed_next_function() {
    toml::table doc = load(profile_path("intel-i350"));
    for (toml::node& n : *doc["pf"]["capability"].as_array()) {
        toml::table& cap = *n.as_table();
        if (cap["type"].value_or(std::string()) == "ari") {
            cap.insert_or_assign("next_function", 2);
        }
    }
    check_against("intel-i350", doc);
}

} // namespace

// One test per shipped real device (docs/device-description.md, "Shipped real
// devices"), and the built-in 82599, whose file spells out every key.
TEST(ShippedDevice, Intel82599BuiltIn) {
    check_device("intel-82599");
}
TEST(ShippedDevice, IntelSsd670p) {
    check_device("intel-ssd-670p");
}
TEST(ShippedDevice, IntelI350) {
    check_device("intel-i350");
}
TEST(ShippedDevice, IntelArria10Sriov2048Vfs) {
    check_device("intel-arria10-sriov");
}
TEST(ShippedDevice, NvidiaConnectX7TwoPfs) {
    check_device("nvidia-connectx7");
}
TEST(ShippedDevice, IntelAvfVfWithAerAtsAcs) {
    check_device("intel-avf-vf");
}

// The test can fail: one value that differs between the description and the
// device lspci decodes is reported.
TEST(ShippedDevice, DifferenceFromTheDescriptionIsReported) {
#ifndef SRIOV_LSPCI
    GTEST_SKIP() << "lspci not found at configure time";
#else
    EXPECT_NONFATAL_FAILURE(check_i350_against_changed_next_function(),
                            "no /ARICap: MFVC- ACS-, Next Function: 2");
#endif
}
