/* Windows base types, NTSTATUS values and the generic INTERFACE header, as the
 * WDK's ntdef.h / ntstatus.h / wdm.h spell them, for driver code compiled on
 * Linux against the sriov-tlm software stubs. C (C99+) and C++17 clean.
 *
 * Widths follow Windows (LLP64): LONG/ULONG are 32-bit even where the host's
 * `long` is 64-bit. NTSTATUS values are the real ones; each group names the
 * header it was checked against (ReactOS sdk/include/psdk/ntstatus.h and Wine
 * include/ntstatus.h carry the same numbers as the WDK).
 *
 * Macros: only what the Windows headers themselves define as macros (status
 * codes, TRUE/FALSE, VOID, SAL annotations, RTL_SIZEOF_THROUGH_FIELD). */
#ifndef SRIOV_WIN_NTDEF_STUB_H
#define SRIOV_WIN_NTDEF_STUB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- base types (ntdef.h / basetsd.h) ---- */
#define VOID void
typedef unsigned char UCHAR, *PUCHAR;
typedef unsigned short USHORT, *PUSHORT;
typedef uint32_t ULONG, *PULONG;
typedef int32_t LONG, *PLONG;
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef unsigned int UINT, *PUINT;
typedef uint8_t UINT8, *PUINT8;
typedef uint16_t UINT16, *PUINT16;
typedef uint32_t UINT32, *PUINT32;
typedef void* PVOID;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef LONG NTSTATUS;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* Casts in the status macros: a C cast in C, a functional cast in C++ so that
 * code built with -Wold-style-cast accepts them. Values are identical. */
#ifdef __cplusplus
#define SRIOV_WIN_CAST(type, value) (type(value))
#else
#define SRIOV_WIN_CAST(type, value) ((type)(value))
#endif

#define NT_SUCCESS(Status) (SRIOV_WIN_CAST(NTSTATUS, Status) >= 0)

/* RTL_SIZEOF_THROUGH_FIELD (ntdef.h): bytes of a structure up to and including a field. */
#ifdef __cplusplus
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (offsetof(type, field) + sizeof(type::field))
#else
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (offsetof(type, field) + sizeof(((type*)0)->field))
#endif

/* ---- NTSTATUS values (ntstatus.h). Checked against Wine include/ntstatus.h,
 * ReactOS sdk/include/psdk/ntstatus.h and the WDK's ntstatus.h listings. ---- */
#define STATUS_SUCCESS              SRIOV_WIN_CAST(NTSTATUS, 0x00000000)
#define STATUS_UNSUCCESSFUL         SRIOV_WIN_CAST(NTSTATUS, 0xC0000001u) /* ntstatus.h */
#define STATUS_INVALID_PARAMETER    SRIOV_WIN_CAST(NTSTATUS, 0xC000000Du) /* ntstatus.h */
#define STATUS_NO_SUCH_DEVICE       SRIOV_WIN_CAST(NTSTATUS, 0xC000000Eu) /* ntstatus.h */
#define STATUS_DEVICE_NOT_READY     SRIOV_WIN_CAST(NTSTATUS, 0xC00000A3u) /* ntstatus.h */
#define STATUS_IO_TIMEOUT           SRIOV_WIN_CAST(NTSTATUS, 0xC00000B5u) /* ntstatus.h */
#define STATUS_NOT_SUPPORTED        SRIOV_WIN_CAST(NTSTATUS, 0xC00000BBu) /* ntstatus.h */
#define STATUS_INVALID_DEVICE_STATE SRIOV_WIN_CAST(NTSTATUS, 0xC0000184u) /* ntstatus.h */
#define STATUS_IO_DEVICE_ERROR      SRIOV_WIN_CAST(NTSTATUS, 0xC0000185u) /* ntstatus.h */

/* ---- GUID (guiddef.h) ---- */
typedef struct _GUID {
    UINT32 Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *PGUID;
typedef const GUID* LPCGUID;

/* ---- LUID (ntdef.h) ---- */
typedef struct _LUID {
    ULONG LowPart;
    LONG HighPart;
} LUID, *PLUID;

/* ---- generic interface header (wdm.h, INTERFACE) ---- */
typedef VOID (*PINTERFACE_REFERENCE)(PVOID Context);
typedef VOID (*PINTERFACE_DEREFERENCE)(PVOID Context);

typedef struct _INTERFACE {
    USHORT Size;
    USHORT Version;
    PVOID Context;
    PINTERFACE_REFERENCE InterfaceReference;
    PINTERFACE_DEREFERENCE InterfaceDereference;
} INTERFACE, *PINTERFACE;

/* ---- SAL annotations used by the documented prototypes: empty, as on any
 * compiler without the static analyzer. ---- */
#ifndef _In_
#define _In_
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(size)
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(size)
#endif
#ifndef _Function_class_
#define _Function_class_(name)
#endif
#ifndef _IRQL_requires_
#define _IRQL_requires_(irql)
#endif
#ifndef _IRQL_requires_max_
#define _IRQL_requires_max_(irql)
#endif
#ifndef _Use_decl_annotations_
#define _Use_decl_annotations_
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_NTDEF_STUB_H */
