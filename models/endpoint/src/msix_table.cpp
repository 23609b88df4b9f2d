#include "sriov/endpoint/msix_table.h"

#include <algorithm>

#include "sriov/tlp/mem_split.h"

#include <string>

namespace sriov::endpoint {
namespace {

constexpr uint32_t address_low_mask = ~uint32_t{3}; // Message Address bits 1:0 read 0

// A naturally aligned DW or QW (PCI 3.0 6.8.2: other accesses are undefined).
bool aligned_access(uint32_t offset, unsigned bytes, uint32_t limit) {
    return (bytes == 4 || bytes == 8) && offset % bytes == 0 && offset < limit &&
           bytes <= limit - offset;
}

} // namespace

mem_tlp msi_write_tlp(const msi_message& m, routing_id requester) {
    const std::vector<uint8_t> data{static_cast<uint8_t>(m.data), static_cast<uint8_t>(m.data >> 8),
                                    static_cast<uint8_t>(m.data >> 16),
                                    static_cast<uint8_t>(m.data >> 24)};
    return make_mem_write(requester, 0, m.address, data);
}

const char* to_string(msix_outcome o) {
    switch (o) {
    case msix_outcome::sent:
        return "sent";
    case msix_outcome::pending:
        return "pending";
    case msix_outcome::disabled:
        return "disabled";
    }
    return "?";
}

msix_table::msix_table(uint16_t vectors) {
    if (vectors < 1 || vectors > 2048) {
        throw std::invalid_argument("MSI-X table of " + std::to_string(vectors) +
                                    " vectors: must be 1..2048");
    }
    entries_.resize(vectors);
}

void msix_table::reset() {
    for (entry& e : entries_) {
        e = entry{};
    }
    enable_ = false;
    function_mask_ = false;
}

const msix_table::entry& msix_table::at(uint16_t vector) const {
    if (vector >= entries_.size()) {
        throw std::out_of_range("MSI-X vector " + std::to_string(vector) + " of a table of " +
                                std::to_string(entries_.size()));
    }
    return entries_[vector];
}

bool msix_table::pending(uint16_t vector) const {
    return at(vector).pending;
}
bool msix_table::masked(uint16_t vector) const {
    return at(vector).mask;
}
msi_message msix_table::message(uint16_t vector) const {
    const entry& e = at(vector);
    return {vector, uint64_t{e.address_high} << 32 | e.address_low, e.data};
}

std::vector<msi_message> msix_table::set_control(bool enable, bool function_mask) {
    enable_ = enable;
    function_mask_ = function_mask;
    std::vector<msi_message> out;
    for (uint16_t v = 0; v < entries_.size(); ++v) {
        entry& e = entries_[v];
        if (e.pending && delivers(e)) {
            e.pending = false;
            out.push_back(message(v));
        }
    }
    return out;
}

raise_result msix_table::raise(uint16_t vector) {
    at(vector); // range check
    entry& e = entries_[vector];
    if (!enable_) {
        return {msix_outcome::disabled, std::nullopt};
    }
    if (!delivers(e)) {
        e.pending = true;
        return {msix_outcome::pending, std::nullopt};
    }
    return {msix_outcome::sent, message(vector)};
}

uint32_t msix_table::table_dw(uint16_t vector, unsigned dw) const {
    const entry& e = entries_[vector];
    switch (dw) {
    case 0:
        return e.address_low;
    case 1:
        return e.address_high;
    case 2:
        return e.data;
    default:
        return e.mask ? 1u : 0u;
    }
}

void msix_table::write_table_dw(uint16_t vector, unsigned dw, uint32_t value,
                                std::vector<msi_message>& released) {
    entry& e = entries_[vector];
    switch (dw) {
    case 0:
        e.address_low = value & address_low_mask;
        break;
    case 1:
        e.address_high = value;
        break;
    case 2:
        e.data = value;
        break;
    default:
        e.mask = (value & 1u) != 0; // bits 31:1 reserved
        if (e.pending && delivers(e)) {
            e.pending = false;
            released.push_back(message(vector));
        }
        break;
    }
}

msix_access msix_table::read_table(uint32_t offset, unsigned bytes) const {
    msix_access r;
    if (!aligned_access(offset, bytes, table_bytes())) {
        return r;
    }
    for (unsigned i = 0; i < bytes / 4; ++i) {
        const uint32_t at_dw = offset / 4 + i;
        r.data |= uint64_t{table_dw(static_cast<uint16_t>(at_dw / 4), at_dw % 4)} << (32 * i);
    }
    r.ok = true;
    return r;
}

msix_access msix_table::write_table(uint32_t offset, unsigned bytes, uint64_t value) {
    msix_access r;
    if (!aligned_access(offset, bytes, table_bytes())) {
        return r;
    }
    for (unsigned i = 0; i < bytes / 4; ++i) {
        const uint32_t at_dw = offset / 4 + i;
        write_table_dw(static_cast<uint16_t>(at_dw / 4), at_dw % 4,
                       static_cast<uint32_t>(value >> (32 * i)), r.released);
    }
    r.ok = true;
    return r;
}

msix_access msix_table::write_pba(uint32_t offset, unsigned bytes) const {
    msix_access r;
    r.ok = aligned_access(offset, bytes, pba_bytes());
    return r;
}

msix_access msix_table::read_pba(uint32_t offset, unsigned bytes) const {
    msix_access r;
    if (!aligned_access(offset, bytes, pba_bytes())) {
        return r;
    }
    for (unsigned bit = 0; bit < 8 * bytes; ++bit) {
        const uint32_t v = offset * 8 + bit;
        if (v < entries_.size() && entries_[v].pending) {
            r.data |= uint64_t{1} << bit;
        }
    }
    r.ok = true;
    return r;
}

bool msix_table::any_pending() const {
    return std::any_of(entries_.begin(), entries_.end(), [](const entry& e) { return e.pending; });
}

} // namespace sriov::endpoint
