#include "sriov/config/lspci_dump.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace sriov::config {

namespace {

void dump_function(std::ostream& out, const sriov_device& dev, routing_id fn, const char* what) {
    out << to_string(fn) << " Ethernet controller: " << what << "\n";
    std::string line;
    for (uint16_t row = 0; row < 256; ++row) {
        line = fmt::format("{:03x}:", row * 16);
        for (uint16_t dw = 0; dw < 4; ++dw) {
            const uint32_t v =
                dev.peek_dw(fn, static_cast<uint16_t>(row * 4 + dw)).value_or(0xFFFFFFFFu);
            for (unsigned b = 0; b < 4; ++b) {
                fmt::format_to(std::back_inserter(line), " {:02x}", (v >> (8 * b)) & 0xFFu);
            }
        }
        out << line << "\n";
    }
}

} // namespace

void write_lspci_dump(std::ostream& out, const sriov_device& dev) {
    // Every PF and its existing VFs in routing ID order, as lspci lists them.
    std::vector<std::pair<routing_id, const char*>> functions;
    for (size_t pf = 0; pf < dev.pf_count(); ++pf) {
        functions.emplace_back(dev.pf_rid(pf), "SR-IOV physical function (sriov-tlm model)");
        for (uint16_t k = 0; k < dev.active_vfs(pf); ++k) {
            functions.emplace_back(dev.vf_rid(k, pf), "SR-IOV virtual function (sriov-tlm model)");
        }
    }
    std::sort(functions.begin(), functions.end(),
              [](const auto& a, const auto& b) { return a.first.value < b.first.value; });
    for (size_t i = 0; i < functions.size(); ++i) {
        if (i != 0) {
            out << "\n";
        }
        dump_function(out, dev, functions[i].first, functions[i].second);
    }
}

} // namespace sriov::config
