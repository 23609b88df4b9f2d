// One function's MSI-X Table and Pending Bit Array as the function's memory
// BAR exposes them, and what raising a vector does (PCI Local Bus 3.0 6.8.2,
// PCIe Base r5.0 6.1.4 and 7.7.2):
//   Table entry n at 16 * n: Message Address (bits 1:0 read 0), Message Upper
//   Address, Message Data, Vector Control (bit 0 Mask Bit, set by reset).
//   PBA: bit n of QW n / 64.
//   Raising vector n with MSI-X Enable = 1 sends the message (a DW memory
//   write of Message Data to Message Address) unless the vector's Mask Bit or
//   the Function Mask is set; then the pending bit is set instead, and the
//   message goes out (and the bit clears) as soon as neither mask is set.
//   With MSI-X Enable = 0 the function must not use MSI-X: nothing happens.
// Message Control lives in config space: the caller passes its Enable and
// Function Mask bits in set_control() whenever they change.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/tlp/mem_tlp.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace sriov::endpoint {

struct msi_message {
    uint16_t vector = 0;
    uint64_t address = 0;
    uint32_t data = 0;
    friend bool operator==(const msi_message& a, const msi_message& b) {
        return a.vector == b.vector && a.address == b.address && a.data == b.data;
    }
};

// The MWr that carries `m` upstream from function `requester` (3 DW header
// below 4 GiB, 4 DW above; one DW of data, Message Data little-endian).
mem_tlp msi_write_tlp(const msi_message& m, routing_id requester);

enum class msix_outcome : uint8_t {
    sent,     // the message is in raise_result::message
    pending,  // masked: the PBA bit is set
    disabled, // MSI-X Enable is 0: no message, no pending bit
};
const char* to_string(msix_outcome o);

struct raise_result {
    msix_outcome outcome = msix_outcome::disabled;
    std::optional<msi_message> message;
};

// A table or PBA access the spec leaves undefined (not a naturally aligned
// DW or QW, or outside the structure); the caller answers it with an error.
struct msix_access {
    bool ok = false;
    uint64_t data = 0;                 // reads
    std::vector<msi_message> released; // writes: messages an unmask let go
};

class msix_table {
public:
    // `vectors`: Table Size + 1, 1..2048; throws std::invalid_argument otherwise.
    explicit msix_table(uint16_t vectors);

    uint16_t vectors() const { return static_cast<uint16_t>(entries_.size()); }
    uint32_t table_bytes() const { return 16u * vectors(); }
    uint32_t pba_bytes() const { return 8u * ((vectors() + 63u) / 64u); }

    // Message Control's MSI-X Enable and Function Mask changed (config write).
    // Returns the pending vectors that are now sent, lowest first.
    std::vector<msi_message> set_control(bool enable, bool function_mask);
    bool enabled() const { return enable_; }
    bool function_masked() const { return function_mask_; }

    // Accesses at a byte offset inside the table / the PBA. PBA writes are
    // ignored (its bits are read-only); a Mask Bit cleared by a table write
    // releases the vector's pending message.
    msix_access read_table(uint32_t offset, unsigned bytes) const;
    msix_access write_table(uint32_t offset, unsigned bytes, uint64_t value);
    msix_access read_pba(uint32_t offset, unsigned bytes) const;
    msix_access write_pba(uint32_t offset, unsigned bytes) const; // checks, changes nothing

    // The function model signals vector `vector` (< vectors(), else throws
    // std::out_of_range).
    raise_result raise(uint16_t vector);

    bool pending(uint16_t vector) const;
    bool any_pending() const;
    bool masked(uint16_t vector) const; // the vector's own Mask Bit
    msi_message message(uint16_t vector) const;

    // Reset / FLR: every vector masked with address and data 0, no pending
    // bits, MSI-X Enable and Function Mask 0.
    void reset();

private:
    struct entry {
        uint32_t address_low = 0;
        uint32_t address_high = 0;
        uint32_t data = 0;
        bool mask = true;
        bool pending = false;
    };
    uint32_t table_dw(uint16_t vector, unsigned dw) const;
    void write_table_dw(uint16_t vector, unsigned dw, uint32_t value,
                        std::vector<msi_message>& released);
    bool delivers(const entry& e) const { return enable_ && !function_mask_ && !e.mask; }
    const entry& at(uint16_t vector) const;

    std::vector<entry> entries_;
    bool enable_ = false;
    bool function_mask_ = false;
};

} // namespace sriov::endpoint
