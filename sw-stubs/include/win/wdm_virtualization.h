/* GUID_PCI_VIRTUALIZATION_INTERFACE as wdm.h declares it: the routine types
 * SET/GET_VIRTUAL_DEVICE_DATA, GET_VIRTUAL_DEVICE_LOCATION,
 * GET_VIRTUAL_DEVICE_RESOURCES, ENABLE_VIRTUALIZATION,
 * GET_VIRTUAL_FUNCTION_PROBED_BARS and the PCI_VIRTUALIZATION_INTERFACE
 * structure (an extension of INTERFACE), with the documented prototypes
 * (MicrosoftDocs windows-driver-docs-ddi, wdm/nc-wdm-*.md).
 *
 * A driver obtains the structure the KMDF way, WdfFdoQueryForInterface (see
 * wdf_query_stub.h), which the sw-stubs bus model answers with its Context. */
#ifndef SRIOV_WIN_WDM_VIRTUALIZATION_H
#define SRIOV_WIN_WDM_VIRTUALIZATION_H

#include "win/ntdef_stub.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {64897B47-3A4A-4D75-BC74-89DD6C078293} (wdm.h; also in Wine/ReactOS GUID lists) */
extern const GUID GUID_PCI_VIRTUALIZATION_INTERFACE;

#define PCI_VIRTUALIZATION_INTERFACE_VERSION 1

/* PCI_TYPE0_ADDRESSES (wdm.h): header BARs of a type 0 function */
#define PCI_TYPE0_ADDRESSES 6

typedef _Function_class_(SET_VIRTUAL_DEVICE_DATA) ULONG
    SET_VIRTUAL_DEVICE_DATA(_Inout_ PVOID Context, _In_ USHORT VirtualFunction, _In_ PVOID Buffer,
                            _In_ ULONG Offset, _In_ ULONG Length);
typedef SET_VIRTUAL_DEVICE_DATA* PSET_VIRTUAL_DEVICE_DATA;

typedef _Function_class_(GET_VIRTUAL_DEVICE_DATA) ULONG
    GET_VIRTUAL_DEVICE_DATA(_Inout_ PVOID Context, _In_ USHORT VirtualFunction, _Out_ PVOID Buffer,
                            _In_ ULONG Offset, _In_ ULONG Length);
typedef GET_VIRTUAL_DEVICE_DATA* PGET_VIRTUAL_DEVICE_DATA;

typedef _Function_class_(GET_VIRTUAL_DEVICE_LOCATION) NTSTATUS
    GET_VIRTUAL_DEVICE_LOCATION(_Inout_ PVOID Context, _In_ USHORT VirtualFunction,
                                _Out_ PUINT16 SegmentNumber, _Out_ PUINT8 BusNumber,
                                _Out_ PUINT8 FunctionNumber);
typedef GET_VIRTUAL_DEVICE_LOCATION* PGET_VIRTUAL_DEVICE_LOCATION;

typedef _Function_class_(GET_VIRTUAL_DEVICE_RESOURCES) VOID
    GET_VIRTUAL_DEVICE_RESOURCES(_Inout_ PVOID Context, _Out_ PUCHAR CapturedBusNumbers);
typedef GET_VIRTUAL_DEVICE_RESOURCES* PGET_VIRTUAL_DEVICE_RESOURCES;

typedef _Function_class_(ENABLE_VIRTUALIZATION) NTSTATUS
    ENABLE_VIRTUALIZATION(_Inout_ PVOID Context, _In_ UINT16 NumVFs, _In_ BOOLEAN EnableVfMigration,
                          _In_ BOOLEAN EnableMigrationInterrupt, _In_ BOOLEAN EnableVirtualization);
typedef ENABLE_VIRTUALIZATION* PENABLE_VIRTUALIZATION;

typedef _Function_class_(GET_VIRTUAL_FUNCTION_PROBED_BARS) NTSTATUS
    GET_VIRTUAL_FUNCTION_PROBED_BARS(_Inout_ PVOID Context, _Out_ PULONG BaseRegisterValues);
typedef GET_VIRTUAL_FUNCTION_PROBED_BARS* PGET_VIRTUAL_FUNCTION_PROBED_BARS;

typedef struct _PCI_VIRTUALIZATION_INTERFACE {
    USHORT Size;
    USHORT Version;
    PVOID Context;
    PINTERFACE_REFERENCE InterfaceReference;
    PINTERFACE_DEREFERENCE InterfaceDereference;
    PSET_VIRTUAL_DEVICE_DATA SetVirtualFunctionData;
    PGET_VIRTUAL_DEVICE_DATA GetVirtualFunctionData;
    PGET_VIRTUAL_DEVICE_LOCATION GetLocation;
    PGET_VIRTUAL_DEVICE_RESOURCES GetResources;
    PENABLE_VIRTUALIZATION EnableVirtualization;
    PGET_VIRTUAL_FUNCTION_PROBED_BARS GetVirtualFunctionProbedBars;
} PCI_VIRTUALIZATION_INTERFACE, *PPCI_VIRTUALIZATION_INTERFACE;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_WDM_VIRTUALIZATION_H */
