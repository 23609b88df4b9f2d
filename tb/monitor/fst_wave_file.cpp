#include "sriov/tb/fst_wave_file.h"

#include <gtkwave/fstapi.h>

#include <stdexcept>

namespace sriov::tb {

fst_wave_file::fst_wave_file(const std::string& path) {
    ctx_ = fstWriterCreate(path.c_str(), 1);
    if (ctx_ != nullptr) {
        fstWriterSetTimescale(ctx_, -12); // 1 ps, as the VCDs
        fstWriterSetPackType(ctx_, FST_WR_PT_LZ4);
    }
}

fst_wave_file::~fst_wave_file() {
    close();
}

void fst_wave_file::close() {
    if (ctx_ != nullptr) {
        flush();
        fstWriterClose(ctx_);
        ctx_ = nullptr;
    }
}

uint32_t fst_wave_file::declare(const std::vector<std::string>& scope, const std::string& name,
                                unsigned width) {
    if (ctx_ == nullptr || width == 0 || width > 64) {
        throw std::logic_error("fst_wave_file: declare on a closed file or width not 1..64");
    }
    // Leave the scopes that differ, enter the new ones.
    size_t common = 0;
    while (common < open_scope_.size() && common < scope.size() &&
           open_scope_[common] == scope[common]) {
        ++common;
    }
    for (size_t i = open_scope_.size(); i > common; --i) {
        fstWriterSetUpscope(ctx_);
    }
    for (size_t i = common; i < scope.size(); ++i) {
        fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, scope[i].c_str(), nullptr);
    }
    open_scope_ = scope;
    // Vectors carry their range in the name, as SystemC's and Verilator's writers do.
    const std::string full = width == 1 ? name : name + " [" + std::to_string(width - 1) + ":0]";
    const fstHandle h =
        fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, width, full.c_str(), 0);
    if (vars_.size() < h) {
        vars_.resize(h);
    }
    vars_[h - 1].width = width;
    return h;
}

void fst_wave_file::change(uint64_t time_ps, uint32_t var, uint64_t value) {
    if (ctx_ == nullptr || var == 0 || var > vars_.size()) {
        return;
    }
    if (time_ps > pending_time_ps_) {
        flush();
        pending_time_ps_ = time_ps;
    }
    variable& v = vars_[var - 1];
    if (!v.has_pending) {
        pending_.push_back(var);
    }
    v.pending = value;
    v.has_pending = true;
}

void fst_wave_file::flush() {
    bool time_written = false;
    for (uint32_t h : pending_) {
        variable& v = vars_[h - 1];
        v.has_pending = false;
        if (v.ever_written && v.written == v.pending) {
            continue;
        }
        if (!time_written) {
            fstWriterEmitTimeChange(ctx_, pending_time_ps_);
            time_written = true;
        }
        fstWriterEmitValueChange64(ctx_, h, v.width, v.pending);
        v.written = v.pending;
        v.ever_written = true;
    }
    pending_.clear();
}

} // namespace sriov::tb
