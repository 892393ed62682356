# reject: amd-iommu xtsup=on: 7.2 has no such property, 10.0 accepts it
# expect-10.0: accept
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,xtsup=on
