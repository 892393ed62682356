# accept: device-iotlb=on appends the ATSR (ALL_PORTS) structure
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu,device-iotlb=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
