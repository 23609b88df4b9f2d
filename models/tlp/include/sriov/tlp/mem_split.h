// Building memory TLPs from byte ranges and answering reads: byte enables,
// the 3 DW / 4 DW choice, splitting a transfer by Max_Payload_Size (writes) or
// Max_Read_Request_Size (reads) and a read's data at the Read Completion
// Boundary, with the Byte Count / Lower Address of each completion.
// Rules: PCIe Base r5.0 2.2.4.1 (address formats), 2.2.5 (byte enables),
// 2.2.7 (4 KiB), 2.2.9 (Byte Count, Lower Address), 2.3.1.1 (data return for
// read requests, RCB); docs/data-path.md lists them with their sources.
#pragma once

#include "sriov/tlp/mem_tlp.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace sriov {

// A request or its arguments break a rule: the message says which.
class mem_tlp_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Length and byte enables covering [address, address + bytes). bytes == 0 is
// the zero-length read (Length 1, both BE 0000b). Throws mem_tlp_error when the
// range spans more than 1024 DW or crosses a 4 KiB boundary.
struct dw_span {
    uint64_t dw_address = 0; // address rounded down to a DW
    uint16_t length_dw = 1;
    uint8_t first_be = 0xF;
    uint8_t last_be = 0;
};
dw_span span_of(uint64_t address, uint32_t bytes);

// The span of one request for the enabled bytes among [address, address +
// bytes) (enabled[i] != 0: byte address + i takes part; the range inside one
// 4 KiB page and 1024 DW): the DWs from the first to the last enabled byte,
// First / Last DW BE from their bytes; nullopt when no byte is enabled.
// Throws mem_tlp_error when one request's byte enables cannot say which bytes
// take part (PCIe r5.0 2.2.5): a disabled byte in a DW between the first and
// the last DW, or a gap in the First / Last DW BE of a request that is not
// 1 DW or a QW-aligned 2 DW.
std::optional<dw_span> enabled_span(uint64_t address, const uint8_t* enabled, uint32_t bytes);

// The Byte Count a completer puts in the first completion of a read with these
// Length and byte enables (PCIe 2.2.9, "Byte Count calculation" table): the
// bytes from the first to the last enabled byte; 1 for a zero-length read.
uint32_t read_byte_count(uint16_t length_dw, uint8_t first_be, uint8_t last_be);
// Low 7 bits of the first enabled byte's address (first_be 0000b: the DW's).
uint8_t read_lower_address(uint64_t dw_address, uint8_t first_be);

// One piece of a transfer.
struct mem_chunk {
    uint64_t address = 0;
    uint32_t bytes = 0;
    friend bool operator==(const mem_chunk& a, const mem_chunk& b) {
        return a.address == b.address && a.bytes == b.bytes;
    }
};
// Splits [address, address + bytes) into requests of at most `max_bytes`
// (MPS for writes, MRRS for reads; a power of two 128..4096) that end on
// max_bytes-aligned addresses, so none crosses a 4 KiB boundary.
std::vector<mem_chunk> split_transfer(uint64_t address, uint64_t bytes, uint32_t max_bytes);

// Max_Payload_Size / Max_Read_Request_Size in bytes from the 3-bit Device
// Control encoding (000b = 128 ... 101b = 4096); throws for 110b, 111b.
uint32_t device_control_size(unsigned encoding);

// One MRd (3 DW below 4 GiB, else 4 DW) / MWr for a chunk; `data` holds the
// chunk's bytes (write), padded to whole DWs in the payload with zeros.
mem_tlp make_mem_read(routing_id requester, uint16_t tag, uint64_t address, uint32_t bytes);
mem_tlp make_mem_write(routing_id requester, uint16_t tag, uint64_t address,
                       const std::vector<uint8_t>& data);
// The MRd / MWr of a span (enabled_span); a write's `dw_payload` holds the
// 4 * Length bytes at the span's DW address (bytes its BEs disable included).
mem_tlp make_mem_read(routing_id requester, uint16_t tag, const dw_span& span);
mem_tlp make_mem_write(routing_id requester, uint16_t tag, const dw_span& span,
                       std::vector<uint8_t> dw_payload);

// The completions of read `request`: `dw_data` holds the 4 * Length bytes at
// the request's DW address. Each CplD carries at most `max_payload` bytes and,
// unless one completion returns everything, ends on an `rcb`-aligned address
// (64 or 128 bytes). Byte Count counts down, Lower Address follows the data.
std::vector<mem_tlp> make_read_completions(const mem_tlp& request, routing_id completer,
                                           const std::vector<uint8_t>& dw_data, uint32_t rcb,
                                           uint32_t max_payload);
// The Cpl with status `status` (UR, CA) for read `request`: Byte Count is the
// request's, Lower Address that of its first enabled byte.
mem_tlp make_read_error_completion(const mem_tlp& request, routing_id completer,
                                   completion_status status);

} // namespace sriov
