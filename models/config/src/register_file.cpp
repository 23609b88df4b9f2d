#include "sriov/config/register_file.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace sriov::config {

const char* to_string(reg_attr a) {
    switch (a) {
    case reg_attr::ro:
        return "RO";
    case reg_attr::rw:
        return "RW";
    case reg_attr::rw1c:
        return "RW1C";
    case reg_attr::hwinit:
        return "HwInit";
    case reg_attr::rsvdp:
        return "RsvdP";
    case reg_attr::rsvdz:
        return "RsvdZ";
    case reg_attr::ros:
        return "ROS";
    case reg_attr::rws:
        return "RWS";
    case reg_attr::rw1cs:
        return "RW1CS";
    }
    return "?";
}

register_layout::register_layout() {
    dw_slot_.fill(no_slot);
    reindex();
}

void register_layout::add(register_def def) {
    if (def.width < 1 || def.width > 4 || def.offset + def.width > 4096 ||
        (def.offset & 3u) + def.width > 4) {
        throw std::logic_error("register " + def.name + ": bad offset/width");
    }
    if ((def.sticky_mask & ~def.flr_keep_mask) != 0) {
        throw std::logic_error("register " + def.name + ": a sticky bit FLR does not keep");
    }
    if ((def.rw_mask & def.rw1c_mask) != 0) {
        throw std::logic_error("register " + def.name + ": RW and RW1C masks overlap");
    }
    for (const auto& r : regs_) {
        if (def.offset < r.offset + r.width && r.offset < def.offset + def.width) {
            throw std::logic_error("register " + def.name + " overlaps " + r.name);
        }
    }
    for (unsigned i = 0; i < def.width; ++i) {
        const unsigned sh = 8 * i;
        reset_[def.offset + i] = static_cast<uint8_t>(def.reset >> sh);
        rw_[def.offset + i] = static_cast<uint8_t>(def.rw_mask >> sh);
        rw1c_[def.offset + i] = static_cast<uint8_t>(def.rw1c_mask >> sh);
        flr_keep_[def.offset + i] = static_cast<uint8_t>(def.flr_keep_mask >> sh);
        sticky_[def.offset + i] = static_cast<uint8_t>(def.sticky_mask >> sh);
    }
    any_flr_keep_ = any_flr_keep_ || def.flr_keep_mask != 0;
    // A DW that can change gets a compact image slot (slots in order of
    // declaration: only the mapping matters).
    const uint16_t dw = def.offset / 4;
    if (dw_slot_[dw] == no_slot &&
        (def.on_write || def.after_write || def.rw_mask != 0 || def.rw1c_mask != 0)) {
        dw_slot_[dw] = static_cast<uint16_t>(slot_dw_.size());
        slot_dw_.push_back(dw);
        reset_image_.push_back(0);
    }
    if (dw_slot_[dw] != no_slot) {
        reset_image_[dw_slot_[dw]] = reset_dw(dw);
    }
    regs_.push_back(std::move(def));
    reindex();
}

void register_layout::reindex() {
    std::sort(regs_.begin(), regs_.end(),
              [](const register_def& a, const register_def& b) { return a.offset < b.offset; });
    size_t i = 0;
    for (unsigned dw = 0; dw <= 1024; ++dw) {
        while (i < regs_.size() && regs_[i].offset < dw * 4) {
            ++i;
        }
        dw_begin_[dw] = static_cast<uint16_t>(i);
    }
    dw_hooked_.fill(0);
    for (const auto& r : regs_) {
        if (r.on_write || r.after_write) {
            dw_hooked_[r.offset / 4] = 1;
        }
    }
}

void register_layout::reset_compact(uint32_t* values) const {
    std::copy(reset_image_.begin(), reset_image_.end(), values);
}

void register_layout::set_capability_offset(capability_kind k, uint16_t offset) {
    uint16_t& slot = cap_offset_[static_cast<unsigned>(k)];
    if (slot == 0) {
        slot = offset;
    }
    caps_.emplace_back(k, offset);
}

std::vector<uint16_t> register_layout::capability_offsets(capability_kind k) const {
    std::vector<uint16_t> out;
    for (const auto& [kind, offset] : caps_) {
        if (kind == k) {
            out.push_back(offset);
        }
    }
    return out;
}

namespace {
// Every byte to its reset value but the bits of `keep`; true when the image
// still differs from the reset values.
bool reset_keeping(const std::array<uint8_t, 4096>& reset, const std::array<uint8_t, 4096>& keep,
                   bool any_kept, uint8_t* values) {
    if (!any_kept) {
        std::copy(reset.begin(), reset.end(), values);
        return false;
    }
    // Eight bytes at a time, the difference accumulated without a branch:
    // a PF's FLR walks all 4 KiB (bench_rtl's random stream: about 100
    // instructions per TLP byte by byte).
    uint64_t differs = 0;
    for (size_t i = 0; i < reset.size(); i += 8) {
        uint64_t r = 0, k = 0, v = 0;
        std::memcpy(&r, reset.data() + i, 8);
        std::memcpy(&k, keep.data() + i, 8);
        std::memcpy(&v, values + i, 8);
        v = (r & ~k) | (v & k);
        std::memcpy(values + i, &v, 8);
        differs |= v ^ r;
    }
    return differs != 0;
}

// reset_keeping for a compact image (one DW per slot).
bool reset_compact_keeping(const register_layout& l, const std::vector<uint16_t>& slot_dw,
                           const std::array<uint8_t, 4096>& keep, bool any_kept, uint32_t* values) {
    if (!any_kept) {
        l.reset_compact(values);
        return false;
    }
    bool differs = false;
    for (size_t s = 0; s < slot_dw.size(); ++s) {
        const uint32_t reset = l.reset_dw(slot_dw[s]);
        const uint32_t k = register_layout::load_dw(keep.data(), slot_dw[s]);
        values[s] = (reset & ~k) | (values[s] & k);
        differs = differs || values[s] != reset;
    }
    return differs;
}
} // namespace

bool register_layout::apply_flr_compact(uint32_t* values) const {
    return reset_compact_keeping(*this, slot_dw_, flr_keep_, any_flr_keep_, values);
}

bool register_layout::apply_soft_reset_compact(uint32_t* values) const {
    return reset_compact_keeping(*this, slot_dw_, sticky_, any_flr_keep_, values);
}

bool register_layout::apply_flr(uint8_t* values) const {
    return reset_keeping(reset_, flr_keep_, any_flr_keep_, values);
}

bool register_layout::apply_soft_reset(uint8_t* values) const {
    return reset_keeping(reset_, sticky_, any_flr_keep_, values);
}

const register_def* register_layout::find(const std::string& name) const {
    for (const auto& r : regs_) {
        if (r.name == name) {
            return &r;
        }
    }
    return nullptr;
}

const register_def* register_layout::at(uint16_t offset) const {
    for (const auto& r : regs_) {
        if (offset >= r.offset && offset < r.offset + r.width) {
            return &r;
        }
    }
    return nullptr;
}

std::pair<const register_def*, const register_def*> register_layout::in_dw(uint16_t dw) const {
    if (dw >= 1024) {
        return {nullptr, nullptr};
    }
    const register_def* base = regs_.data();
    return {base + dw_begin_[dw], base + dw_begin_[dw + 1]};
}

} // namespace sriov::config
