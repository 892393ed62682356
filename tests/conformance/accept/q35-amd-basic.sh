# accept: q35 + amd-iommu: AMDVI-PCI function on pcie.0; IVRS select + range for a leaf root port
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
