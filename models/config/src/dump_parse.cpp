// Reading configuration-space dumps: lspci's hex listing (-x, -xxx, -xxxx,
// with or without -v/-vv lines) and sysfs binary config files.
#include "sriov/config/dump_import.h"

#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"

#include "sriov/text/input_file.h"
#include "sriov/text/lex_error.h"
#include "sriov/text/routing_id.h"
#include "sriov/text/unsigned_number.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

namespace sriov::config {

namespace {

// The configuration sizes lspci prints: -x, -xxx, -xxxx.
bool is_dump_size(size_t n) {
    return n == 64 || n == reg::ext_cap_start || n == reg::config_space_size;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
}

// How many hex digits `s` starts with.
size_t hex_run(std::string_view s) {
    size_t n = 0;
    while (n < s.size() && hex_digit(s[n]) >= 0) {
        ++n;
    }
    return n;
}

// The routing ID of a header line "[dddd:]bb:dd.f title", or nullopt when the
// line is not one; `title` gets the rest.
std::optional<uint16_t> header_rid(std::string_view line, std::string& title) {
    std::string_view s = line;
    if (hex_run(s) == 4 && s.size() > 4 && s[4] == ':') {
        s.remove_prefix(5); // the PCI domain
    }
    if (s.size() < 7 || hex_run(s) != 2 || s[2] != ':' || hex_run(s.substr(3)) != 2 ||
        s[5] != '.' || s[6] < '0' || s[6] > '7' || (s.size() > 7 && s[7] != ' ')) {
        return std::nullopt;
    }
    try {
        const uint16_t rid = text::parse_routing_id(s.substr(0, 7));
        title = s.size() > 8 ? std::string(s.substr(8)) : std::string();
        return rid;
    } catch (const text::lex_error&) {
        return std::nullopt; // device number above 0x1F: not a header line
    }
}

const text::number_syntax& size_syntax() {
    static const text::number_syntax s{false,
                                       {{"k", 1ull << 10}, {"m", 1ull << 20}, {"g", 1ull << 30}}};
    return s;
}

class lspci_reader {
public:
    explicit lspci_reader(const std::string& source) : source_(source) {}

    void line(std::string_view l, unsigned number) {
        line_ = number;
        if (!l.empty() && l.back() == '\r') {
            l.remove_suffix(1);
        }
        if (l.empty() || l[0] == '#') {
            return; // blank lines separate functions; '#' lines are comments
        }
        if (l[0] == ' ' || l[0] == '\t') {
            verbose(l);
            return;
        }
        std::string title;
        if (const auto rid = header_rid(l, title)) {
            start(*rid, std::move(title));
            return;
        }
        const size_t digits = hex_run(l);
        if (digits >= 2 && digits <= 3 && l.size() > digits && l[digits] == ':') {
            hex(l, digits);
            return;
        }
        fail("not an lspci line: expected a \"bb:dd.f\" header, a hex line \"xx: ...\", an "
             "indented -v line or a '#' comment");
    }

    std::vector<function_dump> finish() {
        close();
        if (functions_.empty()) {
            throw import_error(source_ + ": no function: expected `lspci -xxxx` output");
        }
        return std::move(functions_);
    }

private:
    [[noreturn]] void fail(const std::string& reason) const {
        throw import_error(fmt::format("{}:{}: {}", source_, line_, reason));
    }

    void start(uint16_t rid, std::string title) {
        if (!rids_.insert(rid).second) {
            fail("function " + to_string(routing_id{rid}) + " appears twice");
        }
        close();
        function_dump f;
        f.rid = rid;
        f.title = std::move(title);
        f.where = fmt::format("{}:{}", source_, line_);
        functions_.push_back(std::move(f));
        header_line_ = line_;
        in_sriov_ = false;
    }

    // A function ends at the next header or at the end: lspci prints 64, 256 or 4096 bytes.
    void close() const {
        if (functions_.empty()) {
            return;
        }
        const function_dump& f = functions_.back();
        const size_t n = f.bytes.size();
        if (!is_dump_size(n)) {
            throw import_error(fmt::format(
                "{}:{}: {}: {} bytes of configuration space{}; lspci prints 64 (-x), 256 (-xxx) "
                "or 4096 (-xxxx)",
                source_, header_line_, to_string(routing_id{f.rid}), n,
                n == 0 ? " (no hex lines: add -xxxx)" : ""));
        }
    }

    void hex(std::string_view l, size_t digits) {
        if (functions_.empty()) {
            fail("hex line before any \"bb:dd.f\" header line");
        }
        std::vector<uint8_t>& bytes = functions_.back().bytes;
        unsigned offset = 0;
        for (size_t i = 0; i < digits; ++i) {
            offset = offset * 16 + static_cast<unsigned>(hex_digit(l[i]));
        }
        if (offset != bytes.size()) {
            fail(fmt::format("offset 0x{:x} out of order: expected 0x{:x}", offset, bytes.size()));
        }
        if (offset >= reg::config_space_size) {
            fail(fmt::format("offset 0x{:x} beyond the 4 KiB configuration space", offset));
        }
        std::string_view rest = l.substr(digits + 1);
        unsigned count = 0;
        while (!rest.empty()) {
            if (rest[0] != ' ') {
                fail(fmt::format("expected a blank before byte {} at column {}", count,
                                 l.size() - rest.size() + 1));
            }
            rest.remove_prefix(1);
            if (rest.empty()) {
                break; // a trailing blank
            }
            if (rest.size() < 2 || hex_run(rest.substr(0, 2)) != 2 ||
                (rest.size() > 2 && rest[2] != ' ')) {
                fail(fmt::format("bad hex byte '{}' at column {}",
                                 rest.substr(0, std::min<size_t>(rest.find(' '), 8)),
                                 l.size() - rest.size() + 1));
            }
            if (count == 16) {
                fail("more than 16 bytes on a hex line");
            }
            bytes.push_back(static_cast<uint8_t>(hex_digit(rest[0]) * 16 + hex_digit(rest[1])));
            ++count;
            rest.remove_prefix(2);
        }
        if (count != 16) {
            fail(fmt::format("short hex line: {} bytes, expected 16", count));
        }
    }

    // -v lines: Region sizes, in the header part or in the SR-IOV capability's block.
    void verbose(std::string_view l) {
        if (functions_.empty()) {
            fail("indented line before any \"bb:dd.f\" header line");
        }
        const size_t first = l.find_first_not_of(" \t");
        if (first == std::string_view::npos) {
            return; // blanks only
        }
        const std::string_view s = l.substr(first);
        if (s.compare(0, 13, "Capabilities:") == 0) {
            in_sriov_ = s.find("Single Root I/O Virtualization") != std::string_view::npos;
            return;
        }
        if (s.compare(0, 7, "Region ") != 0 || s.size() < 9 || s[8] != ':' || s[7] < '0' ||
            s[7] > '5') {
            return;
        }
        const size_t at = s.find("[size=");
        if (at == std::string_view::npos) {
            return; // pciutils prints no size for the SR-IOV capability's VF BARs
        }
        const size_t end = s.find(']', at);
        const std::string_view size =
            s.substr(at + 6, end == std::string_view::npos ? std::string_view::npos : end - at - 6);
        uint64_t bytes = 0;
        try {
            bytes = text::parse_unsigned(size, size_syntax());
        } catch (const text::lex_error& e) {
            fail(fmt::format("Region {}: size '{}': {}", s[7], size, e.what()));
        }
        function_dump& f = functions_.back();
        (in_sriov_ ? f.sriov_region_size : f.region_size)[static_cast<unsigned>(s[7] - '0')] =
            bytes;
    }

    const std::string& source_;
    std::vector<function_dump> functions_;
    std::set<uint16_t> rids_;
    unsigned line_ = 0;
    unsigned header_line_ = 0;
    bool in_sriov_ = false;
};

// "0000:03:00.0" (a sysfs device folder) as a routing ID.
std::optional<uint16_t> sysfs_rid(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) {
        return std::nullopt;
    }
    const size_t start = path.rfind('/', slash - 1);
    const std::string folder = path.substr(start == std::string::npos ? 0 : start + 1,
                                           start == std::string::npos ? slash : slash - start - 1);
    std::string title;
    if (folder.size() != 12) {
        return std::nullopt;
    }
    return header_rid(folder, title);
}

} // namespace

std::vector<function_dump> parse_lspci_text(std::string_view text, const std::string& source) {
    lspci_reader r(source);
    unsigned number = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        r.line(text.substr(0, nl), ++number);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    }
    return r.finish();
}

function_dump parse_config_binary(std::string_view bytes, const std::string& source, uint16_t rid) {
    if (!is_dump_size(bytes.size())) {
        throw import_error(fmt::format(
            "{}: {} bytes: a binary configuration space (sysfs config) has 64, 256 or 4096", source,
            bytes.size()));
    }
    function_dump f;
    f.rid = rid;
    f.where = source;
    f.bytes.assign(bytes.begin(), bytes.end());
    return f;
}

std::vector<function_dump> read_config_dump(const std::string& path) {
    std::string contents;
    try {
        contents = text::read_input_file(path, std::size_t{4} << 20);
    } catch (const text::input_file_error& e) {
        throw import_error(path + ": cannot read the dump: " + e.reason());
    }
    if (contents.find('\0') != std::string::npos) {
        return {parse_config_binary(contents, path, sysfs_rid(path).value_or(uint16_t{0x0100}))};
    }
    return parse_lspci_text(contents, path);
}

bar_size_option parse_bar_size_option(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return import_error(fmt::format("--bar-size {}: {}; expected [bb:dd.f/]pf:barN=SIZE or "
                                        "[bb:dd.f/]vf:barN=SIZE",
                                        text, why));
    };
    bar_size_option o;
    std::string_view s = text;
    if (const size_t slash = s.find('/'); slash != std::string_view::npos) {
        std::string title;
        const auto rid = header_rid(s.substr(0, slash), title);
        if (!rid || !title.empty()) {
            throw bad("'" + std::string(s.substr(0, slash)) + "' is not a routing ID bb:dd.f");
        }
        o.pf_rid = rid;
        s.remove_prefix(slash + 1);
    }
    if (s.size() < 9 || (s.compare(0, 3, "pf:") != 0 && s.compare(0, 3, "vf:") != 0) ||
        s.compare(3, 3, "bar") != 0 || s[6] < '0' || s[6] > '5' || s[7] != '=') {
        throw bad("no pf:barN= or vf:barN= (N 0..5)");
    }
    o.vf = s[0] == 'v';
    o.bar = static_cast<unsigned>(s[6] - '0');
    try {
        o.size = text::parse_unsigned(s.substr(8), size_syntax());
    } catch (const text::lex_error& e) {
        throw bad(std::string("size: ") + e.what());
    }
    if (o.size == 0 || (o.size & (o.size - 1)) != 0) {
        throw bad("the size is not a power of two");
    }
    return o;
}

} // namespace sriov::config
