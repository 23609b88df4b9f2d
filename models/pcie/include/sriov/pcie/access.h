// The configuration-access vocabulary shared by every layer: routing IDs,
// completion status and one DW-granular config request/response.
#pragma once

#include <cstdint>
#include <string>

namespace sriov {

// 16-bit PCIe routing ID: bus[15:8], device[7:3], function[2:0]
// (with ARI, function[7:0] and device 0).
struct routing_id {
    uint16_t value = 0;

    constexpr routing_id() = default;
    constexpr explicit routing_id(uint16_t v) : value(v) {}
    static constexpr routing_id from_bdf(uint8_t bus, uint8_t dev, uint8_t fn) {
        return routing_id(static_cast<uint16_t>(bus << 8 | (dev & 0x1F) << 3 | (fn & 0x7)));
    }
    constexpr uint8_t bus() const { return static_cast<uint8_t>(value >> 8); }
    constexpr uint8_t device() const { return static_cast<uint8_t>((value >> 3) & 0x1F); }
    constexpr uint8_t function() const { return static_cast<uint8_t>(value & 0x7); }
    constexpr uint8_t ari_function() const { return static_cast<uint8_t>(value & 0xFF); }
    friend constexpr bool operator==(routing_id a, routing_id b) { return a.value == b.value; }
    friend constexpr bool operator!=(routing_id a, routing_id b) { return a.value != b.value; }
};

// "bb:dd.f" as lspci prints it.
std::string to_string(routing_id rid);

// Completion status of a configuration request (PCIe Cpl Status field values).
enum class completion_status : uint8_t {
    successful = 0b000,           // SC
    unsupported_request = 0b001,  // UR
    config_request_retry = 0b010, // CRS
    completer_abort = 0b100,      // CA
};

const char* to_string(completion_status s); // "SC", "UR", "CRS", "CA"

// One DW-aligned configuration request as the endpoint applies it.
struct config_request {
    routing_id target;         // completer ID
    uint16_t dw_index = 0;     // DW register number, 0..1023 (byte offset / 4)
    uint8_t byte_enable = 0xF; // First DW BE, bit i = byte i of the DW
    bool is_write = false;
    uint32_t write_data = 0; // little-endian DW, only enabled bytes matter
    // Arrived as Type 1 (CfgRd1/CfgWr1): the device applies it only when it
    // claims the target's bus (sriov_device::access).
    bool type1 = false;
};

struct config_response {
    completion_status status = completion_status::successful;
    uint32_t read_data = 0; // valid for a successful read
};

} // namespace sriov
