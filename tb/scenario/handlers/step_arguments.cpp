#include "step_arguments.h"

#include <algorithm>

namespace sriov::scenario {

uint64_t arg_number(const step& st, const char* name) {
    auto it = st.args.find(name);
    return it == st.args.end() ? 0 : it->second.number;
}

const std::string& arg_text(const step& st, const char* name) {
    static const std::string empty;
    auto it = st.args.find(name);
    return it == st.args.end() ? empty : it->second.text;
}

std::vector<uint8_t> data_bytes(const value& v, size_t length) {
    std::vector<uint8_t> b(std::max<size_t>({length, 8, v.bytes.size()}), 0);
    if (v.from_integer) {
        for (size_t i = 0; i < 8; ++i) {
            b[i] = static_cast<uint8_t>(v.number >> (8 * i));
        }
    } else {
        std::copy(v.bytes.begin(), v.bytes.end(), b.begin());
    }
    return b;
}

} // namespace sriov::scenario
