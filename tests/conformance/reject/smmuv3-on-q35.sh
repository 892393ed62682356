# reject: iommu=smmuv3 is a virt machine property (the message names the machine type and so differs per version)
qemu-system-x86_64 \
  -M q35,iommu=smmuv3
