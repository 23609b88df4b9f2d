#include "sriov/sw_stubs/io_space.h"

#include "win/ndis_io_space.h"
#include "win/wdm_io_space.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

namespace sriov::sw_stubs {

namespace {

constexpr const char* msg_type = "sriov/sw_stubs/io_space";

// Never destroyed: io_space objects owned by other statics may unregister at exit.
std::vector<io_space*>& live() {
    static auto* v = new std::vector<io_space*>;
    return *v;
}

bool in_thread() {
    const sc_core::sc_curr_proc_kind kind = sc_core::sc_get_current_process_handle().proc_kind();
    return kind == sc_core::SC_THREAD_PROC_ || kind == sc_core::SC_CTHREAD_PROC_;
}

std::string hex(uint64_t v) {
    char b[19];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

} // namespace

io_space::io_space(const sc_core::sc_module_name& name)
    : sc_core::sc_module(name), socket("socket") {
    live().push_back(this);
}

io_space::~io_space() {
    for (const auto& [base, m] : maps_) {
        munmap(reinterpret_cast<void*>(base), m.bytes);
    }
    auto& v = live();
    v.erase(std::remove(v.begin(), v.end(), this), v.end());
}

io_space* io_space::current() {
    return live().empty() ? nullptr : live().back();
}

void* io_space::map(uint64_t bus_address, uint64_t bytes, bool writable) {
    if (bytes == 0 || bytes - 1 > ~uint64_t{0} - bus_address) {
        return nullptr;
    }
    void* base =
        mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        return nullptr;
    }
    maps_[reinterpret_cast<uintptr_t>(base)] = mapping{bus_address, bytes, writable};
    return base;
}

bool io_space::unmap(const void* base, uint64_t bytes) {
    const auto it = maps_.find(reinterpret_cast<uintptr_t>(base));
    if (it == maps_.end() || it->second.bytes != bytes) {
        return false;
    }
    munmap(reinterpret_cast<void*>(it->first), bytes);
    maps_.erase(it);
    return true;
}

const io_space::mapping* io_space::find(const volatile void* at, unsigned bytes) const {
    const auto a = reinterpret_cast<uintptr_t>(at);
    auto it = maps_.upper_bound(a);
    if (it == maps_.begin()) {
        return nullptr;
    }
    --it;
    const uintptr_t offset = a - it->first;
    return offset < it->second.bytes && bytes <= it->second.bytes - offset ? &it->second : nullptr;
}

bool io_space::bus_address_of(const volatile void* at, unsigned bytes, uint64_t& bus) const {
    const mapping* m = find(at, bytes);
    if (m == nullptr) {
        return false;
    }
    const auto a = reinterpret_cast<uintptr_t>(at);
    const uintptr_t base = std::prev(maps_.upper_bound(a))->first;
    bus = m->bus + (a - base);
    return true;
}

bool io_space::admissible(const volatile void* at, unsigned bytes, bool write, uint64_t& bus) {
    const char* why = nullptr;
    const mapping* m = find(at, bytes);
    if (!in_thread()) {
        why = "called outside an SC_THREAD";
    } else if (m == nullptr || !bus_address_of(at, bytes, bus)) {
        why = find(at, 1) != nullptr
                  ? "the access runs past the end of its mapping"
                  : "address outside every mapping (MmMapIoSpaceEx / NdisMMapIoSpace)";
    } else if (write && !m->writable) {
        why = "write through a PAGE_READONLY mapping";
    }
    if (why == nullptr) {
        return true;
    }
    ++refused_;
    SC_REPORT_WARNING(msg_type, (std::string(write ? "register write" : "register read") + " at " +
                                 hex(reinterpret_cast<uintptr_t>(at)) + " refused: " + why)
                                    .c_str());
    return false;
}

bool io_space::transport(tlm::tlm_command cmd, uint64_t bus, uint8_t* data, unsigned bytes) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(bus);
    gp.set_data_ptr(data);
    gp.set_data_length(bytes);
    gp.set_streaming_width(bytes);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    sc_core::wait(delay); // the driver's load or store retires here
    if (!gp.is_response_ok()) {
        ++failed_;
        return false;
    }
    return true;
}

uint64_t io_space::read(const volatile void* at, unsigned bytes) {
    uint64_t bus = 0;
    bytes = std::min(bytes, 8u);
    if (!admissible(at, bytes, false, bus)) {
        return ~uint64_t{0} >> (64 - 8 * bytes);
    }
    ++reads_;
    uint8_t data[8] = {};
    if (!transport(tlm::TLM_READ_COMMAND, bus, data, bytes)) {
        std::memset(data, 0xFF, bytes); // as the root complex returns a failed read
    }
    uint64_t v = 0;
    for (unsigned i = bytes; i-- > 0;) {
        v = v << 8 | data[i];
    }
    return v;
}

void io_space::write(const volatile void* at, unsigned bytes, uint64_t value) {
    uint64_t bus = 0;
    bytes = std::min(bytes, 8u);
    if (!admissible(at, bytes, true, bus)) {
        return;
    }
    ++writes_;
    uint8_t data[8];
    for (unsigned i = 0; i < bytes; ++i) {
        data[i] = static_cast<uint8_t>(value >> (8 * i));
    }
    transport(tlm::TLM_WRITE_COMMAND, bus, data, bytes);
}

} // namespace sriov::sw_stubs

// --- the Windows routines (wdm.h, ndis.h) -------------------------------------

using sriov::sw_stubs::io_space;

namespace {

// PAGE_READONLY or PAGE_READWRITE, optionally with one of NOCACHE / WRITECOMBINE.
bool valid_protect(ULONG protect, bool& writable) {
    const ULONG access = protect & ~(PAGE_NOCACHE | PAGE_WRITECOMBINE);
    const ULONG caching = protect & (PAGE_NOCACHE | PAGE_WRITECOMBINE);
    writable = access == PAGE_READWRITE;
    return (access == PAGE_READONLY || access == PAGE_READWRITE) &&
           caching != (PAGE_NOCACHE | PAGE_WRITECOMBINE);
}

// A register routine's io_space: none gives a warning, the access reads all ones.
io_space* space_for(const char* routine) {
    io_space* s = io_space::current();
    if (s == nullptr) {
        SC_REPORT_WARNING("sriov/sw_stubs/io_space",
                          (std::string(routine) + ": no io_space in the simulation").c_str());
    }
    return s;
}

} // namespace

extern "C" {

PVOID MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect) {
    bool writable = false;
    io_space* s = io_space::current();
    if (s == nullptr || !valid_protect(Protect, writable)) {
        return nullptr;
    }
    return s->map(static_cast<uint64_t>(PhysicalAddress.QuadPart), NumberOfBytes, writable);
}

VOID MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes) {
    io_space* s = io_space::current();
    if (s == nullptr || !s->unmap(BaseAddress, NumberOfBytes)) {
        SC_REPORT_WARNING("sriov/sw_stubs/io_space",
                          "MmUnmapIoSpace: not the base and size of a mapping; nothing unmapped");
    }
}

ULONG READ_REGISTER_ULONG(volatile ULONG* Register) {
    io_space* s = space_for("READ_REGISTER_ULONG");
    return s == nullptr ? 0xFFFFFFFFu : static_cast<ULONG>(s->read(Register, sizeof(ULONG)));
}

VOID WRITE_REGISTER_ULONG(volatile ULONG* Register, ULONG Value) {
    if (io_space* s = space_for("WRITE_REGISTER_ULONG")) {
        s->write(Register, sizeof(ULONG), Value);
    }
}

NDIS_STATUS NdisMMapIoSpace(PVOID* VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
                            NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length) {
    if (VirtualAddress == nullptr) {
        return NDIS_STATUS_FAILURE;
    }
    *VirtualAddress = nullptr;
    io_space* s = io_space::current();
    if (s == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    if (MiniportAdapterHandle == nullptr || Length == 0) {
        return NDIS_STATUS_FAILURE;
    }
    *VirtualAddress = s->map(static_cast<uint64_t>(PhysicalAddress.QuadPart), Length, true);
    return *VirtualAddress != nullptr ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

VOID NdisMUnmapIoSpace(NDIS_HANDLE /*MiniportAdapterHandle*/, PVOID VirtualAddress, UINT Length) {
    MmUnmapIoSpace(VirtualAddress, Length);
}

VOID NdisReadRegisterUlong(PULONG Register, PULONG Data) {
    if (Data == nullptr) {
        SC_REPORT_WARNING("sriov/sw_stubs/io_space", "NdisReadRegisterUlong: Data is NULL");
        return;
    }
    *Data = READ_REGISTER_ULONG(Register);
}

VOID NdisWriteRegisterUlong(PULONG Register, ULONG Data) {
    WRITE_REGISTER_ULONG(Register, Data);
}

} // extern "C"
