/* The NDIS 6.30 SR-IOV subset used by a PF miniport: NDIS_STATUS values,
 * NDIS_HANDLE, NDIS_SRIOV_FUNCTION_ID, NDIS_OBJECT_HEADER, the OID request
 * (NDIS_OID_REQUEST with its documented DATA union, trimmed of the reserved
 * tail), the VF config-space OID parameter structures, and the three NdisM
 * routines (ndis.h / ntddndis.h).
 *
 * Values: NDIS_STATUS_* from ndis.h (Wine include/ddk/ndis.h, ReactOS
 * sdk/include/ddk/ndis.h): SUCCESS = STATUS_SUCCESS, FAILURE =
 * STATUS_UNSUCCESSFUL 0xC0000001, INVALID_PARAMETER = STATUS_INVALID_PARAMETER
 * 0xC000000D, NOT_SUPPORTED = STATUS_NOT_SUPPORTED 0xC00000BB, INVALID_LENGTH
 * 0xC0010014 (0xC0010015 is NDIS_STATUS_INVALID_DATA). OID numbers from
 * ntddndis.h as carried by the win32metadata bindings: ALLOCATE_VF 0x00010245,
 * FREE_VF 0x00010246, READ_VF_CONFIG_SPACE 0x00010251, WRITE 0x00010252.
 * NDIS_OBJECT_TYPE_DEFAULT 0x80 (ntddndis.h). */
#ifndef SRIOV_WIN_NDIS_SRIOV_H
#define SRIOV_WIN_NDIS_SRIOV_H

#include "win/ntdef_stub.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef ULONG NDIS_OID, *PNDIS_OID;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;
typedef USHORT NDIS_SRIOV_FUNCTION_ID, *PNDIS_SRIOV_FUNCTION_ID;

#define NDIS_PF_FUNCTION_ID            SRIOV_WIN_CAST(NDIS_SRIOV_FUNCTION_ID, 0xFFFF)
#define NDIS_INVALID_SRIOV_FUNCTION_ID SRIOV_WIN_CAST(NDIS_SRIOV_FUNCTION_ID, 0xFFFF)

#define NDIS_STATUS_SUCCESS           SRIOV_WIN_CAST(NDIS_STATUS, STATUS_SUCCESS)
#define NDIS_STATUS_FAILURE           SRIOV_WIN_CAST(NDIS_STATUS, 0xC0000001u)
#define NDIS_STATUS_INVALID_PARAMETER SRIOV_WIN_CAST(NDIS_STATUS, 0xC000000Du)
#define NDIS_STATUS_NOT_SUPPORTED     SRIOV_WIN_CAST(NDIS_STATUS, 0xC00000BBu)
#define NDIS_STATUS_INVALID_LENGTH    SRIOV_WIN_CAST(NDIS_STATUS, 0xC0010014u)
#define NDIS_STATUS_INVALID_DATA      SRIOV_WIN_CAST(NDIS_STATUS, 0xC0010015u)
#define NDIS_STATUS_BUFFER_TOO_SHORT  SRIOV_WIN_CAST(NDIS_STATUS, 0xC0010016u)
#define NDIS_STATUS_INVALID_OID       SRIOV_WIN_CAST(NDIS_STATUS, 0xC0010017u)

#define OID_NIC_SWITCH_ALLOCATE_VF      0x00010245u
#define OID_NIC_SWITCH_FREE_VF          0x00010246u
#define OID_SRIOV_READ_VF_CONFIG_SPACE  0x00010251u
#define OID_SRIOV_WRITE_VF_CONFIG_SPACE 0x00010252u

#define NDIS_OBJECT_TYPE_DEFAULT     0x80
#define NDIS_OBJECT_TYPE_OID_REQUEST 0x96

typedef struct _NDIS_OBJECT_HEADER {
    UCHAR Type;
    UCHAR Revision;
    USHORT Size;
} NDIS_OBJECT_HEADER, *PNDIS_OBJECT_HEADER;

typedef enum _NDIS_REQUEST_TYPE {
    NdisRequestQueryInformation,
    NdisRequestSetInformation,
    NdisRequestQueryStatistics,
    NdisRequestOpen,
    NdisRequestClose,
    NdisRequestSend,
    NdisRequestTransferData,
    NdisRequestReset,
    NdisRequestGeneric1,
    NdisRequestGeneric2,
    NdisRequestGeneric3,
    NdisRequestGeneric4,
    NdisRequestMethod
} NDIS_REQUEST_TYPE,
    *PNDIS_REQUEST_TYPE;

typedef struct _NDIS_OID_REQUEST {
    NDIS_OBJECT_HEADER Header;
    NDIS_REQUEST_TYPE RequestType;
    NDIS_PORT_NUMBER PortNumber;
    UINT Timeout;
    PVOID RequestId;
    NDIS_HANDLE RequestHandle;
    union _REQUEST_DATA {
        struct _QUERY {
            NDIS_OID Oid;
            PVOID InformationBuffer;
            UINT InformationBufferLength;
            UINT BytesWritten;
            UINT BytesNeeded;
        } QUERY_INFORMATION;
        struct _SET {
            NDIS_OID Oid;
            PVOID InformationBuffer;
            UINT InformationBufferLength;
            UINT BytesRead;
            UINT BytesNeeded;
        } SET_INFORMATION;
        struct _METHOD {
            NDIS_OID Oid;
            PVOID InformationBuffer;
            ULONG InputBufferLength;
            ULONG OutputBufferLength;
            ULONG MethodId;
            UINT BytesWritten;
            UINT BytesRead;
            UINT BytesNeeded;
        } METHOD_INFORMATION;
    } DATA;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;

/* ntddndis.h */
typedef struct _NDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    NDIS_SRIOV_FUNCTION_ID VFId;
    ULONG Offset;
    ULONG Length;
    ULONG BufferOffset;
} NDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS, *PNDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS;

#define NDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS_REVISION_1                               \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS, BufferOffset)

typedef struct _NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    NDIS_SRIOV_FUNCTION_ID VFId;
    ULONG Offset;
    ULONG Length;
    ULONG BufferOffset;
} NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS, *PNDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS;

#define NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1                              \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS, BufferOffset)

/* ndis.h routines (PF miniport only; see nf-ndis-ndism*.md) */
NDIS_STATUS NdisMEnableVirtualization(_In_ NDIS_HANDLE NdisMiniportHandle, _In_ USHORT NumVFs,
                                      _In_ BOOLEAN EnableVFMigration,
                                      _In_ BOOLEAN EnableMigrationInterrupt,
                                      _In_ BOOLEAN EnableVirtualization);

ULONG NdisMSetVirtualFunctionBusData(_In_ NDIS_HANDLE NdisMiniportHandle,
                                     _In_ NDIS_SRIOV_FUNCTION_ID VFId, _In_ PVOID Buffer,
                                     _In_ ULONG Offset, _In_ ULONG Length);

ULONG NdisMGetVirtualFunctionBusData(_In_ NDIS_HANDLE NdisMiniportHandle,
                                     _In_ NDIS_SRIOV_FUNCTION_ID VFId, _Out_ PVOID Buffer,
                                     _In_ ULONG Offset, _In_ ULONG Length);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SRIOV_WIN_NDIS_SRIOV_H */
