// Register layout of one kind of function (PF or VF): per-byte reset values
// and attribute masks plus a table of named registers with their side-effect
// hooks. The layout is shared; value storage lives elsewhere (sriov_device),
// so all VFs share one layout and only the VFs that were written own values.
#pragma once

#include "sriov/config/capability_kind.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sriov::config {

// Documentation / coverage tag of a register. Behaviour comes from the masks:
// RW bits take the written value, RW1C bits clear on 1, every other bit
// (ro, hwinit, rsvdp, rsvdz) keeps its value. The sticky variants (ros, rws,
// rw1cs: PCIe Base 7.4) behave as their plain kind on writes.
enum class reg_attr : uint8_t { ro, rw, rw1c, hwinit, rsvdp, rsvdz, ros, rws, rw1cs };
const char* to_string(reg_attr a);

class device_actions;

// What a side-effect hook sees about one write to its register. Values are
// register-aligned (bit 0 = bit 0 of the register), `width` bytes wide.
struct write_context {
    uint16_t offset = 0;
    unsigned width = 0;
    uint32_t old_value = 0; // before the write
    uint32_t value = 0;     // after masks and RW1C; on_write may change it
    uint32_t data = 0;      // raw data written (enabled bytes only)
    uint32_t enabled = 0;   // bits inside enabled bytes
    uint64_t now_ns = 0;
    bool is_vf = false;
    uint16_t vf_index = 0;
    device_actions* device = nullptr;

    bool wrote(uint32_t mask) const { return (enabled & mask) != 0; }
};

using write_hook = std::function<void(write_context&)>;

struct register_def {
    std::string name;
    uint16_t offset = 0;
    uint8_t width = 0; // 1..4, never crosses a DW
    uint32_t reset = 0;
    uint32_t rw_mask = 0;
    uint32_t rw1c_mask = 0;
    reg_attr attr = reg_attr::ro;
    // Bits a Function Level Reset leaves alone (PCIe Base 6.6.2): sticky bits
    // (ROS/RWS/RW1CS) and the listed exceptions such as Max_Payload_Size.
    // A conventional reset (sriov_device::reset) resets them too.
    uint32_t flr_keep_mask = 0;
    // The sticky bits among them (ROS/RWS/RW1CS, PCIe Base 7.4): the only
    // bits the internal reset of a D3hot->D0 transition without
    // No_Soft_Reset keeps (PCI PM 1.2 5.4.1, PCIe Base 5.3.1.4).
    uint32_t sticky_mask = 0;
    write_hook on_write;    // before commit: may veto/adjust ctx.value (nothing half-written)
    write_hook after_write; // after the whole DW is committed: state transitions (FLR, ...)
};

// The services a hook may call on the device that owns the layout.
class device_actions {
public:
    virtual uint32_t pf_register(uint16_t offset, unsigned width) const = 0;
    virtual void warn(const std::string& message) = 0;
    virtual void function_level_reset(const write_context& ctx) = 0;
    // D3hot -> D0 with No_Soft_Reset = 0: the function's internal reset.
    virtual void soft_reset(const write_context& ctx) = 0;
    virtual void vf_enable_changed(bool enabled, uint64_t now_ns) = 0;
    virtual void offset_stride_update() = 0;
    virtual void system_page_size_changed() = 0;
    virtual uint64_t vf_bar_size(unsigned bar) const = 0;

protected:
    ~device_actions() = default;
};

class register_layout {
public:
    register_layout();

    // Declares a register; throws std::logic_error on overlap, on a register
    // crossing a DW or on RW and RW1C masks that overlap (builder bugs).
    void add(register_def def);

    const std::vector<register_def>& registers() const { return regs_; }
    const register_def* find(const std::string& name) const;
    const register_def* at(uint16_t offset) const; // register covering that byte

    // Registers with at least one byte in DW `dw` (a contiguous range of regs_).
    std::pair<const register_def*, const register_def*> in_dw(uint16_t dw) const;

    uint8_t reset_byte(uint16_t off) const { return reset_[off]; }
    uint8_t rw_byte(uint16_t off) const { return rw_[off]; }
    uint8_t rw1c_byte(uint16_t off) const { return rw1c_[off]; }
    uint8_t flr_keep_byte(uint16_t off) const { return flr_keep_[off]; }
    uint8_t sticky_byte(uint16_t off) const { return sticky_[off]; }
    const std::array<uint8_t, 4096>& reset_bytes() const { return reset_; }

    uint32_t reset_dw(uint16_t dw) const { return load_dw(reset_.data(), dw); }
    uint32_t rw_dw(uint16_t dw) const { return load_dw(rw_.data(), dw); }
    uint32_t rw1c_dw(uint16_t dw) const { return load_dw(rw1c_.data(), dw); }

    // The little-endian DW at dw * 4 of a 4 KiB byte image.
    static uint32_t load_dw(const uint8_t* bytes, uint16_t dw) {
        const uint8_t* b = bytes + 4u * dw;
        return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
               static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
    }
    // Stores `value` little-endian at dw * 4 (the inverse of load_dw; the
    // model runs on little-endian hosts, as the root complex's memcpy does).
    static void store_dw(uint8_t* bytes, uint16_t dw, uint32_t value) {
        std::memcpy(bytes + 4u * dw, &value, 4);
    }
    // Where the function's capability of kind `k` starts (the first one of
    // that kind in its list), 0 when it has none: the model and its hooks
    // find a capability's registers from here, as software does by walking.
    uint16_t capability_offset(capability_kind k) const {
        return cap_offset_[static_cast<unsigned>(k)];
    }
    // Every capability of kind `k` in list order (the vendor-specific kinds
    // may repeat; every other kind has at most one), empty when it has none.
    std::vector<uint16_t> capability_offsets(capability_kind k) const;
    // Records a capability of kind `k` at `offset`, in list order.
    void set_capability_offset(capability_kind k, uint16_t offset);

    // Function Level Reset of a 4 KiB value image, in place: every bit to its
    // reset value except the flr_keep bits. Returns true when the result
    // still differs from the reset values (a VF then keeps its storage).
    bool apply_flr(uint8_t* values) const;
    // The internal reset of D3hot -> D0 without No_Soft_Reset, in place:
    // every bit to its reset value except the sticky bits. Same return.
    bool apply_soft_reset(uint8_t* values) const;

    // The value of DW `dw` after a plain write (no hooks) of `data` with
    // First DW Byte Enables `byte_enable` to a DW holding `old`: RW bits of
    // enabled bytes take the data, RW1C bits clear where the data has a 1,
    // every other bit keeps its value.
    // Inline: every plain config write goes through it.
    uint32_t written_dw(uint16_t dw, uint32_t old, uint8_t byte_enable, uint32_t data) const {
        const uint32_t lanes = byte_lanes(byte_enable);
        const uint32_t set = rw_dw(dw) & lanes;
        const uint32_t clear = rw1c_dw(dw) & lanes & data;
        return ((old & ~set) | (data & set)) & ~clear;
    }
    // The bits of the bytes `byte_enable` (bit i = byte i) enables: 0x5 -> 0x00FF00FF.
    static uint32_t byte_lanes(uint8_t byte_enable) {
        static constexpr std::array<uint32_t, 16> lanes = {
            0x00000000, 0x000000FF, 0x0000FF00, 0x0000FFFF, 0x00FF0000, 0x00FF00FF,
            0x00FFFF00, 0x00FFFFFF, 0xFF000000, 0xFF0000FF, 0xFF00FF00, 0xFF00FFFF,
            0xFFFF0000, 0xFFFF00FF, 0xFFFFFF00, 0xFFFFFFFF};
        return lanes[byte_enable & 0xFu];
    }
    // True when a register in DW `dw` has a side-effect hook; writes to the
    // other DWs are plain masked stores (the device's fast path).
    bool dw_has_hooks(uint16_t dw) const { return dw_hooked_[dw] != 0; }

    // --- compact value images (a written VF's private values) ---------------
    // Only a DW with an RW or RW1C bit or a hook can ever differ from its
    // reset value (every other bit keeps it on writes; hw_set_status sets
    // RW1C bits only), so a compact image holds one value per such DW:
    // mutable_dws() * 4 bytes, fixed by the layout.
    static constexpr uint16_t no_slot = 0xFFFF;
    size_t mutable_dws() const { return slot_dw_.size(); }
    uint16_t slot_of(uint16_t dw) const { return dw_slot_[dw]; }
    // DW `dw` of a compact image.
    uint32_t compact_dw(const uint32_t* values, uint16_t dw) const {
        const uint16_t s = dw_slot_[dw];
        return s != no_slot ? values[s] : reset_dw(dw);
    }
    // Stores DW `dw` of a compact image. Only a DW with a slot ever changes
    // (RW/RW1C bits or a hook; hw_set_status sets RW1C bits), and the device
    // stores only changed DWs: no check on this path (every VF write).
    void store_compact_dw(uint32_t* values, uint16_t dw, uint32_t value) const {
        values[dw_slot_[dw]] = value;
    }
    // A compact image at the reset values.
    void reset_compact(uint32_t* values) const;
    // The layout's own compact image at the reset values: what a VF without
    // private values reads (one read path for every VF).
    const uint32_t* reset_image() const { return reset_image_.data(); }
    // apply_flr / apply_soft_reset of a compact image, same return.
    bool apply_flr_compact(uint32_t* values) const;
    bool apply_soft_reset_compact(uint32_t* values) const;

private:
    void reindex(); // sorts the table and rebuilds the per-DW index

    std::array<uint8_t, 4096> reset_{};
    std::array<uint8_t, 4096> rw_{};
    std::array<uint8_t, 4096> rw1c_{};
    std::array<uint8_t, 4096> flr_keep_{};
    std::array<uint8_t, 4096> sticky_{};
    bool any_flr_keep_ = false;
    std::vector<register_def> regs_;
    std::array<uint16_t, 1025> dw_begin_{}; // first register index of each DW
    std::array<uint8_t, 1024> dw_hooked_{};
    std::array<uint16_t, 1024> dw_slot_{}; // compact image slot of each DW, or no_slot
    std::vector<uint16_t> slot_dw_;        // the DW of each slot
    std::vector<uint32_t> reset_image_;    // the reset value of each slot
    std::array<uint16_t, capability_kind_count> cap_offset_{};
    std::vector<std::pair<capability_kind, uint16_t>> caps_; // list order
};

} // namespace sriov::config
