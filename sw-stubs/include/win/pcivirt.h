/* pcivirt.h: the PF driver's SR-IOV callback table SRIOV_DEVICE_INTERFACE_STANDARD
 * (GUID_SRIOV_DEVICE_INTERFACE_STANDARD) and its callback types.
 *
 * ReadVfConfig / WriteVfConfig / ResetVf follow the documentation pages
 * (pcivirt/nc-pcivirt-sriov_read_config.md etc.). Note: the documented
 * SRIOV_READ_CONFIG prototype declares the out buffer `const VOID *Data`
 * (the WDK header spells it PVOID); this header follows the documentation,
 * so callbacks written against the documented prototype compile unchanged.
 * The other callback types are as in the WDK's pcivirt.h; the sw-stubs model
 * leaves those members NULL except GetVendorAndDevice and GetDeviceLocation. */
#ifndef SRIOV_WIN_PCIVIRT_H
#define SRIOV_WIN_PCIVIRT_H

#include "win/ntdef_stub.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {937EE9B6-0ED3-411C-982B-1F564AFBABD3} (pcivirt.h) */
extern const GUID GUID_SRIOV_DEVICE_INTERFACE_STANDARD;

#define SRIOV_DEVICE_INTERFACE_STANDARD_VERSION 1
#define VPCI_MAX_READ_WRITE_BLOCK_SIZE          128

typedef enum _DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0,
    PowerDeviceD0,
    PowerDeviceD1,
    PowerDeviceD2,
    PowerDeviceD3,
    PowerDeviceMaximum
} DEVICE_POWER_STATE,
    *PDEVICE_POWER_STATE;

typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR CM_PARTIAL_RESOURCE_DESCRIPTOR,
    *PCM_PARTIAL_RESOURCE_DESCRIPTOR; /* opaque here */

typedef _Function_class_(SRIOV_READ_CONFIG) _IRQL_requires_(PASSIVE_LEVEL) NTSTATUS
    SRIOV_READ_CONFIG(_In_ PVOID Context, _Out_ const VOID* Data, _In_ USHORT VfIndex,
                      _In_ ULONG Offset, _In_ ULONG Length);
typedef SRIOV_READ_CONFIG* PSRIOV_READ_CONFIG;

typedef _Function_class_(SRIOV_WRITE_CONFIG) _IRQL_requires_(PASSIVE_LEVEL) NTSTATUS
    SRIOV_WRITE_CONFIG(_In_ PVOID Context, _In_ const VOID* Data, _In_ USHORT VfIndex,
                       _In_ ULONG Offset, _In_ ULONG Length);
typedef SRIOV_WRITE_CONFIG* PSRIOV_WRITE_CONFIG;

typedef NTSTATUS SRIOV_READ_BLOCK(_In_ PVOID Context, _In_ USHORT VfIndex, _In_ ULONG BlockId,
                                  _Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
typedef SRIOV_READ_BLOCK* PSRIOV_READ_BLOCK;

typedef NTSTATUS SRIOV_WRITE_BLOCK(_In_ PVOID Context, _In_ USHORT VfIndex, _In_ ULONG BlockId,
                                   _In_reads_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
typedef SRIOV_WRITE_BLOCK* PSRIOV_WRITE_BLOCK;

typedef NTSTATUS SRIOV_QUERY_PROBED_BARS(_In_ PVOID Context, _Out_ PULONG BaseRegisterValues);
typedef SRIOV_QUERY_PROBED_BARS* PSRIOV_QUERY_PROBED_BARS;

typedef VOID SRIOV_GET_VENDOR_AND_DEVICE_IDS(_In_ PVOID Context, _In_ USHORT VfIndex,
                                             _Out_ PUSHORT VendorId, _Out_ PUSHORT DeviceId);
typedef SRIOV_GET_VENDOR_AND_DEVICE_IDS* PSRIOV_GET_VENDOR_AND_DEVICE_IDS;

typedef VOID SRIOV_GET_DEVICE_LOCATION(_In_ PVOID Context, _In_ USHORT VfIndex,
                                       _Out_ PUINT16 SegmentNumber, _Out_ PUINT8 BusNumber,
                                       _Out_ PUINT8 FunctionNumber);
typedef SRIOV_GET_DEVICE_LOCATION* PSRIOV_GET_DEVICE_LOCATION;

typedef _Function_class_(SRIOV_RESET_FUNCTION) _IRQL_requires_(PASSIVE_LEVEL) NTSTATUS
    SRIOV_RESET_FUNCTION(_In_ PVOID Context, _In_ USHORT VfIndex);
typedef SRIOV_RESET_FUNCTION* PSRIOV_RESET_FUNCTION;

typedef NTSTATUS SRIOV_SET_POWER_STATE(_In_ PVOID Context, _In_ USHORT VfIndex,
                                       _In_ DEVICE_POWER_STATE PowerState, _In_ BOOLEAN Wake);
typedef SRIOV_SET_POWER_STATE* PSRIOV_SET_POWER_STATE;

typedef NTSTATUS SRIOV_GET_RESOURCE_FOR_BAR(_In_ PVOID Context, _In_ USHORT VfIndex,
                                            _In_ USHORT BarIndex,
                                            _Out_ PCM_PARTIAL_RESOURCE_DESCRIPTOR Resource);
typedef SRIOV_GET_RESOURCE_FOR_BAR* PSRIOV_GET_RESOURCE_FOR_BAR;

typedef NTSTATUS SRIOV_QUERY_LUID(_In_ PVOID Context, _Out_ PLUID Luid);
typedef SRIOV_QUERY_LUID* PSRIOV_QUERY_LUID;

typedef struct _SRIOV_DEVICE_INTERFACE_STANDARD {
    USHORT Size;
    USHORT Version;
    PVOID Context;
    PINTERFACE_REFERENCE InterfaceReference;
    PINTERFACE_DEREFERENCE InterfaceDereference;
    PSRIOV_READ_CONFIG ReadVfConfig;
    PSRIOV_WRITE_CONFIG WriteVfConfig;
    PSRIOV_READ_BLOCK ReadVfConfigBlock;
    PSRIOV_WRITE_BLOCK WriteVfConfigBlock;
    PSRIOV_QUERY_PROBED_BARS QueryProbedBars;
    PSRIOV_GET_VENDOR_AND_DEVICE_IDS GetVendorAndDevice;
    PSRIOV_GET_DEVICE_LOCATION GetDeviceLocation;
    PSRIOV_RESET_FUNCTION ResetVf;
    PSRIOV_SET_POWER_STATE SetVfPowerState;
    PSRIOV_GET_RESOURCE_FOR_BAR GetResourceForBar;
    PSRIOV_QUERY_LUID QueryLuid;
} SRIOV_DEVICE_INTERFACE_STANDARD, *PSRIOV_DEVICE_INTERFACE_STANDARD;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_PCIVIRT_H */
