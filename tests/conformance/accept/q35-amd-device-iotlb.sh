# accept: amd-iommu device-iotlb=on: no IVRS change
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu,device-iotlb=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
