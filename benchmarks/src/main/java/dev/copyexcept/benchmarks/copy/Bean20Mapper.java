package dev.copyexcept.benchmarks.copy;

import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;

/** The MapStruct equivalent of {@code Bean20Copier.copy}: an update mapping that ignores refcnt. */
@Mapper
public interface Bean20Mapper {
  /** Copies every property of {@code src} but {@code refcnt} into {@code dest}. */
  @Mapping(target = "refcnt", ignore = true)
  void update(Bean20 src, @MappingTarget Bean20 dest);
}
